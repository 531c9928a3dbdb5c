import path from 'node:path';
import { backendMode, configFromEnv } from '../config';
import { createPgPool } from '../adapters/postgres/pg-pool';
import { migratePostgres, pgSchemaVersion } from '../adapters/postgres/pg-migrate';
import { createPgBackup } from '../adapters/postgres/pg-backup';
import { openBackupDir } from '../adapters/backup-dir';
import { backupFileName } from '../domain/backup-files';
import { writeVerifiedCopy } from '../services/runbook/backups/backups';
import { PG_SCHEMA_VERSION } from '../adapters/postgres/pg-migrations';
import { openDatabase } from '../adapters/sqlite/database';
import { SCHEMA_VERSION } from '../adapters/sqlite/migrations';
import { lockDataDir } from '../adapters/data-dir-lock';
import { ensurePrivateDir } from '../adapters/private-files';
import { DATABASE_FILE } from '../runtime/embedded-backends';
import { redactUrl } from '../domain/redact-url';

/**
 * `decisionos migrate`: brings the store's schema to this build's. Postgres (DATABASE_URL) is only ever migrated
 * here, one deliberate step before new processes start; the embedded file is also migrated by `serve` itself.
 * An existing database is backed up first (SQLite: openDatabase does it; Postgres: pg_dump into the data dir's
 * backups/). Without pg_dump it migrates nothing and says what to run, unless told `--no-backup`.
 */
export async function migrateCommand(o: { dataDir?: string; backup?: boolean }): Promise<number> {
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  if (backendMode(config) === 'production') {
    const pool = createPgPool(config.databaseUrl as string, { max: 1 });
    try {
      const found = await pgSchemaVersion(pool).catch((error: unknown) => {
        throw new Error(`migrating ${redactUrl(config.databaseUrl as string)} failed: ${(error as Error).message}`, { cause: error });
      });
      if (found > 0 && found < PG_SCHEMA_VERSION) {
        if (o.backup === false) {
          process.stderr.write(`--no-backup: migrating ${redactUrl(config.databaseUrl as string)} from schema ${found} without a backup first\n`);
        } else {
          const taken = await backupBeforePgMigration(config.databaseUrl as string, config.dataDir, found);
          if ('manual' in taken) {
            process.stderr.write(`${taken.manual}\nNothing was migrated. Once you hold a backup of your own, \`decisionos migrate --no-backup\` migrates without one.\n`);
            return 1;
          }
          process.stdout.write(`backed up schema ${found} to ${taken.file} (${taken.verified})\n`);
        }
      }
      const applied = await migratePostgres(pool).catch((error: unknown) => {
        throw new Error(`migrating ${redactUrl(config.databaseUrl as string)} failed: ${(error as Error).message}`, { cause: error });
      });
      process.stdout.write(
        applied.length
          ? `${redactUrl(config.databaseUrl as string)}: applied migration(s) ${applied.join(', ')}; schema ${PG_SCHEMA_VERSION}\n`
          : `${redactUrl(config.databaseUrl as string)}: already at schema ${PG_SCHEMA_VERSION}; nothing to do\n`,
      );
    } finally {
      await pool.end();
    }
    return 0;
  }
  ensurePrivateDir(config.dataDir);
  const release = lockDataDir(config.dataDir); // not under a running engine
  try {
    const file = path.join(config.dataDir, DATABASE_FILE);
    openDatabase(file).close();
    process.stdout.write(`${file}: schema ${SCHEMA_VERSION}\n`);
  } finally {
    release();
  }
  return 0;
}

/** The Postgres store before `migrate` changes it: a verified pg_dump tagged with its schema, or what to run by hand. */
export async function backupBeforePgMigration(databaseUrl: string, dataDir: string, fromVersion: number): Promise<{ file: string; verified: string } | { manual: string }> {
  const b = { backup: createPgBackup(databaseUrl), dir: openBackupDir(dataDir) };
  const name = backupFileName(Date.now(), 'dump', `before-v${fromVersion}`);
  const manual = await b.backup.manualStep('backup', path.join(b.dir.path, name));
  if (manual) return { manual };
  const { verified } = await writeVerifiedCopy(b, name, (file) => b.backup.copyTo(file));
  return { file: path.join(b.dir.path, name), verified };
}
