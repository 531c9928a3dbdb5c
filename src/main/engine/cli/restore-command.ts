import fs from 'node:fs';
import path from 'node:path';
import { backendMode, configFromEnv } from '../config';
import { lockDataDir } from '../adapters/data-dir-lock';
import { BACKUP_DIR } from '../adapters/backup-dir';
import { restrictFiles } from '../adapters/private-files';
import { verifySqliteBackup } from '../adapters/sqlite/sqlite-backup';
import { SCHEMA_VERSION } from '../adapters/sqlite/migrations';
import { pgRestoreCommand } from '../adapters/postgres/pg-backup';
import { DATABASE_FILE } from '../runtime/embedded-backends';
import { isBackupName } from '../domain/backup-files';
import { UsageError } from './args';

/**
 * `decisionos restore FILE`, with the engine stopped (it holds the data-dir lock meanwhile): checks the backup, renames
 * the database with its -wal and -shm to `decisionos.sqlite.replaced-<time>`, and puts a copy of the backup in its
 * place. Files, not pages: it works when the live database is too damaged to open, and for a `-before-v<N>` backup
 * of an older schema (the next start migrates it, or an older engine opens it).
 */
export async function restoreCommand(file: string, o: { dataDir?: string }): Promise<number> {
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  if (backendMode(config) === 'production') {
    throw new UsageError(`decisionos restore swaps the embedded database file; for Postgres run \`${pgRestoreCommand(config.databaseUrl as string, file)}\` or the runbook action restore-backup`);
  }
  const source = isBackupName(file) ? path.join(config.dataDir, BACKUP_DIR, file) : path.resolve(file);
  if (!isBackupName(file) && !fs.existsSync(source)) throw new UsageError(`${file} is neither a backup in ${path.join(config.dataDir, BACKUP_DIR)} nor a file`);

  const release = lockDataDir(config.dataDir);
  try {
    const verdict = verifySqliteBackup(source);
    if (!verdict.ok) {
      process.stderr.write(`${source} failed its check, nothing was changed: ${verdict.detail}\n`);
      return 1;
    }
    if ((verdict.schemaVersion ?? 0) > SCHEMA_VERSION) {
      process.stderr.write(`${source} holds schema ${verdict.schemaVersion}, newer than this DecisionOS (${SCHEMA_VERSION}): restore it with the version that wrote it. Nothing was changed.\n`);
      return 1;
    }
    const live = path.join(config.dataDir, DATABASE_FILE);
    const staged = `${live}.restoring`;
    fs.copyFileSync(source, staged);
    restrictFiles([staged]);
    const replaced = `${live}.replaced-${new Date().toISOString().replace(/:/g, '-')}`;
    // The database and its WAL move together (SQLite finds `<name>-wal` beside `<name>`), so the replaced copy keeps
    // its last commits; then the staged copy takes the database's name in one rename.
    const moved = ['', '-wal', '-shm'].filter((suffix) => fs.existsSync(`${live}${suffix}`));
    for (const suffix of moved) fs.renameSync(`${live}${suffix}`, `${replaced}${suffix}`);
    fs.renameSync(staged, live);
    process.stdout.write(
      `restored ${source} (${verdict.detail}) as ${live}` +
        (moved.length > 0 ? `; the database it replaced is ${replaced}${moved.length > 1 ? ` (with its ${moved.filter(Boolean).join(', ')})` : ''}` : '') +
        '\n',
    );
    return 0;
  } finally {
    release();
  }
}
