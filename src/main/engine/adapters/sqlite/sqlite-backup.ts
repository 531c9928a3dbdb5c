import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupFileName, partialName } from '../../domain/backup-files';
import { BACKUP_DIR } from '../backup-dir';
import { createPrivateFile, ensurePrivateDir } from '../private-files';
import type { BackupVerdict, DatabaseBackupReads, DatabaseBackupWrites } from '../../ports/database-backup';
/** The connection (as database.ts names it; not imported from there, which imports this file). */
type Db = Database.Database;
import { AppError } from '../../../../shared/errors';

/** Pages copied per step of an online backup: about 400 KB, a millisecond or two of the writer's time each. */
const PAGES_PER_STEP = 100;
/** integrity_check stops listing after this many problems: enough to say the copy is damaged and where. */
const MAX_PROBLEMS = 20;

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * A finished copy becomes one self-contained file: a copy of a WAL database says WAL in its header, and opening
 * it (even to check it) would then leave -wal and -shm files beside it.
 */
function toRollbackJournal(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** `PRAGMA integrity_check` (the full one, not quick_check) and the schema version of a backup file. */
export function verifySqliteBackup(file: string): BackupVerdict {
  if (!fs.existsSync(file)) return { ok: false, detail: `${file} does not exist`, schemaVersion: null };
  let copy: Db;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, detail: `${file} does not open as a SQLite database: ${(error as Error).message}`, schemaVersion: null };
  }
  try {
    const lines = (copy.pragma(`integrity_check(${MAX_PROBLEMS})`) as { integrity_check: string }[]).map((r) => r.integrity_check);
    const problems = lines.filter((line) => line !== 'ok');
    const schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    return problems.length === 0
      ? { ok: true, detail: `PRAGMA integrity_check: ok (schema ${schemaVersion})`, schemaVersion }
      : { ok: false, detail: `PRAGMA integrity_check found ${problems.length} problem(s): ${problems.join('; ')}`, schemaVersion };
  } catch (error) {
    return { ok: false, detail: `PRAGMA integrity_check failed: ${(error as Error).message}`, schemaVersion: null };
  } finally {
    copy.close();
  }
}

/**
 * A consistent copy in one synchronous step (VACUUM INTO: a read transaction, compacted), for when nothing else may
 * run meanwhile: at start before a migration, and inside a restore.
 */
export function vacuumInto(db: Db, file: string): void {
  db.prepare('VACUUM INTO ?').run(file);
}

/**
 * Before a migration changes an existing file: a verified copy into `<data dir>/backups`, tagged with the schema it
 * holds (`-before-v<N>`), never rotated away. Throws, so the migration does not run, when the copy cannot be made.
 */
export function backupBeforeMigration(db: Db, dbPath: string, fromVersion: number, now = Date.now()): string {
  const dir = path.join(path.dirname(dbPath), BACKUP_DIR);
  const name = backupFileName(now, 'sqlite', `before-v${fromVersion}`);
  const partial = path.join(dir, partialName(name));
  try {
    ensurePrivateDir(dir);
    createPrivateFile(partial);
    vacuumInto(db, partial);
    toRollbackJournal(partial);
    const verdict = verifySqliteBackup(partial);
    if (!verdict.ok) throw new Error(verdict.detail);
    fs.renameSync(partial, path.join(dir, name));
    return path.join(dir, name);
  } catch (error) {
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // the dir itself is what failed: there is no copy to remove
    }
    throw new Error(`${dbPath} needs a schema migration (${fromVersion} -> newer) and the backup taken first failed, so nothing was migrated: ${(error as Error).message}`, { cause: error });
  }
}

export function sqliteBackupReads(): DatabaseBackupReads {
  return {
    extension: async () => 'sqlite',
    manualStep: async () => null,
    verify: async (file) => verifySqliteBackup(file),
  };
}

/** Backups of the embedded file, on `db`: the connection that writes it (the writer thread's, or the only one). */
export function sqliteBackupWrites(db: Db): DatabaseBackupWrites {
  return {
    async copyTo(file, progress) {
      // better-sqlite3 runs one step per event-loop turn: the connection's own writes go on between steps, and SQLite
      // carries them into the copy; a write by another connection restarts it. Measured here (2026-12-03, a 100 MB
      // WAL file, inserts in a setImmediate loop, PASSIVE checkpoints every 200 ms): from the writing connection 0.46 s,
      // 258 steps, no restart, about 5,700 rows/s still written meanwhile; from a second connection it had not
      // finished after 60 s.
      await db.backup(file, {
        progress: ({ totalPages, remainingPages }) => {
          progress?.(totalPages - remainingPages, totalPages);
          return PAGES_PER_STEP;
        },
      });
      toRollbackJournal(file);
      return { bytes: fs.statSync(file).size };
    },

    async restoreFrom(file, replacedFile) {
      // One synchronous run on the writing connection: nothing can write between the copy of what is replaced and
      // the swap, and the swap is one transaction, so every reader sees the old database or the restored one.
      db.prepare('ATTACH DATABASE ? AS restored').run(file);
      try {
        const [live, backup] = [db.pragma('main.user_version', { simple: true }), db.pragma('restored.user_version', { simple: true })];
        if (live !== backup) {
          throw new AppError('invalid_state', `the backup holds schema ${String(backup)} and the live database is at ${String(live)}: restore it with the engine stopped (\`decisionos restore\`), nothing was changed`);
        }
        vacuumInto(db, replacedFile);
        const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
        const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).pluck().all(table) as string[]).map(quoted).join(', ');
        const hasSequence = db.prepare("SELECT count(*) FROM main.sqlite_master WHERE name = 'sqlite_sequence'").pluck().get() === 1;
        db.transaction(() => {
          db.pragma('defer_foreign_keys = ON'); // parents and children are replaced in one go; checked at commit
          for (const table of tables) db.exec(`DELETE FROM main.${quoted(table)}`);
          for (const table of tables) db.exec(`INSERT INTO main.${quoted(table)} (${columns(table)}) SELECT ${columns(table)} FROM restored.${quoted(table)}`);
          if (hasSequence) db.exec('DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence SELECT * FROM restored.sqlite_sequence');
          // Whatever the backup shows leased was leased by a worker that holds nothing now (the restore waits for it).
          db.prepare("UPDATE main.supervisor_inbox SET status = 'ready', lease_owner = NULL, lease_until = NULL WHERE status = 'leased'").run();
        }).immediate();
      } finally {
        db.exec('DETACH DATABASE restored');
      }
    },
  };
}
