import fs from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { createPrivateFile, restrictFiles } from '../private-files';
import { backupBeforeMigration } from './sqlite-backup';

export type Db = Database.Database;

export class SchemaTooNewError extends Error {
  constructor(path: string, found: number) {
    super(
      `${path} was written by a newer DecisionOS (schema ${found}; this build knows up to ${SCHEMA_VERSION}). ` +
        'Upgrade DecisionOS, or point --data-dir at another directory. The file was not changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Reads the schema version without writing anything (WAL setup would touch the file). */
function existingSchemaVersion(path: string): number {
  if (path === ':memory:' || !fs.existsSync(path)) return 0;
  // Opening a WAL database, even read-only, creates -wal and -shm beside it: remove any the probe made.
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((f) => !fs.existsSync(f));
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
    for (const file of sidecars) fs.rmSync(file, { force: true });
  }
}

/** Opens (creating if needed) the embedded database and brings its schema up to date. */
export function openDatabase(path: string): Db {
  const found = existingSchemaVersion(path);
  if (found > SCHEMA_VERSION) throw new SchemaTooNewError(path, found);

  const files = path === ':memory:' ? [] : [path, `${path}-wal`, `${path}-shm`];
  if (path !== ':memory:') createPrivateFile(path);
  restrictFiles(files);
  const db = new Database(path);
  // Only a database without tables can take it (see vacuum.ts): set before the first migration creates any.
  if (db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power loss may drop the last transactions, never corrupts (sqlite.org/wal.html).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  // After a complete checkpoint SQLite restarts the WAL from the top; this caps what the file keeps.
  db.pragma('journal_size_limit = 67108864');
  migrate(db, path);
  restrictFiles(files); // -wal and -shm exist now (WAL mode): 0600 like the database, even if left wider by an older run
  return db;
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  // An existing database is copied before any migration touches it: the way back from an upgrade.
  if (current > 0 && current < SCHEMA_VERSION && path !== ':memory:') backupBeforeMigration(db, path, current);
  for (let version = current + 1; version <= SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1] as string);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
