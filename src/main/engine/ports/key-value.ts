/**
 * Small shared state (breaker records) that every worker must see the same: SQLite now, Redis in
 * scale-out. Writes are compare-and-set on a version so two workers cannot overwrite each other.
 */
export interface Versioned<T> {
  value: T;
  version: number;
}

export interface KvReads {
  get<T>(key: string): Promise<Versioned<T> | null>;
  list<T>(prefix: string): Promise<{ key: string; value: T; version: number }[]>;
}

export interface KvWrites {
  /** Writes when the stored version is still `expected` (null: the key must not exist). Returns the new version, or null on a lost race. */
  compareAndSet<T>(key: string, expected: number | null, value: T): Promise<number | null>;
  /** Deletes the key when its stored version is still `expected`. False when it changed or is gone. */
  removeIfVersion(key: string, expected: number): Promise<boolean>;
}

export interface KeyValue extends KvReads, KvWrites {}
