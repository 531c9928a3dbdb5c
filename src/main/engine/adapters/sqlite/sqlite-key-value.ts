import type { KeyValue, KvReads, KvWrites } from '../../ports/key-value';
import type { Db } from './database';

export function sqliteKvReads(db: Db): KvReads {
  const get = db.prepare('SELECT value, version FROM kv WHERE key = ?');
  const list = db.prepare("SELECT key, value, version FROM kv WHERE key >= ? AND key < ? || char(1114111) ORDER BY key");
  return {
    async get(key) {
      const row = get.get(key) as { value: string; version: number } | undefined;
      return row ? { value: JSON.parse(row.value), version: row.version } : null;
    },
    async list(prefix) {
      return (list.all(prefix, prefix) as { key: string; value: string; version: number }[]).map((r) => ({ key: r.key, value: JSON.parse(r.value), version: r.version }));
    },
  };
}

export function sqliteKvWrites(db: Db): KvWrites {
  const insert = db.prepare('INSERT INTO kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING');
  const update = db.prepare('UPDATE kv SET value = ?, version = version + 1 WHERE key = ? AND version = ?');
  const remove = db.prepare('DELETE FROM kv WHERE key = ? AND version = ?');
  return {
    async compareAndSet(key, expected, value) {
      const text = JSON.stringify(value);
      if (expected === null) return insert.run(key, text).changes === 1 ? 1 : null;
      return update.run(text, key, expected).changes === 1 ? expected + 1 : null;
    },
    async removeIfVersion(key, expected) {
      return remove.run(key, expected).changes === 1;
    },
  };
}

export function createSqliteKeyValue(db: Db): KeyValue {
  return { ...sqliteKvReads(db), ...sqliteKvWrites(db) };
}
