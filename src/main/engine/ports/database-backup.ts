import type { BackupExtension } from '../domain/backup-files';

/** What checking a backup file found. */
export interface BackupVerdict {
  ok: boolean;
  /** One sentence: what was checked and what it said. */
  detail: string;
  /** The schema version the backup holds, where the file says (SQLite's user_version); null otherwise. */
  schemaVersion: number | null;
}

export interface DatabaseBackupReads {
  /** The extension of this backend's backup files: `sqlite` (a database file) or `dump` (pg_dump's custom format). */
  extension(): Promise<BackupExtension>;
  /**
   * Null when this process can take and restore backups itself; otherwise the sentence saying why not and exactly
   * what to run instead (Postgres without pg_dump on PATH). `file` is where the backup would go.
   */
  manualStep(kind: 'backup' | 'restore', file: string): Promise<string | null>;
  /** Checks a backup file: SQLite `PRAGMA integrity_check` on the copy; Postgres `pg_restore --list`. */
  verify(file: string): Promise<BackupVerdict>;
}

export interface DatabaseBackupWrites {
  /**
   * Copies the live database to `file` while it keeps serving (SQLite's online backup API; pg_dump's snapshot),
   * reporting progress as done of total steps. The caller verifies the copy and gives it its final name.
   */
  copyTo(file: string, progress?: (done: number, total: number) => void): Promise<{ bytes: number }>;
  /**
   * Replaces the live database's content with the (verified) backup at `file`, atomically for every reader: first the
   * current content is copied to `replacedFile`, so the restore itself can be taken back.
   */
  restoreFrom(file: string, replacedFile: string): Promise<void>;
}

/**
 * Backups of the store's database. Embedded, the writes run on the one connection that writes (the writer thread):
 * SQLite restarts an online backup whenever another connection writes, but follows its own connection's writes.
 */
export interface DatabaseBackup extends DatabaseBackupReads, DatabaseBackupWrites {}

/** One finished backup in the backup dir. */
export interface BackupFile {
  name: string;
  bytes: number;
}

/** The backup dir: `<data dir>/backups`. Names are bare file names; the adapter refuses anything else. */
export interface BackupDir {
  /** Its path, for previews and messages. */
  readonly path: string;
  /** Every file in it whose name is a backup's (see domain/backup-files), with its size. */
  list(): Promise<BackupFile[]>;
  /**
   * The full path of a file in it (the dir is created if missing). A `.partial` name (a copy being written) is
   * created empty and private, so the copy never has wider permissions than the database.
   */
  pathOf(name: string): Promise<string>;
  exists(name: string): Promise<boolean>;
  /** Renames `from` to `to` (both in the dir), replacing nothing: fails when `to` exists. */
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** Deletes copies a crash left under their temporary name. */
  removePartials(): Promise<number>;
}
