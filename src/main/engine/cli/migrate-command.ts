import path from 'node:path';
import { backendMode, configFromEnv } from '../config';
import { createPgPool } from '../adapters/postgres/pg-pool';
import { migratePostgres } from '../adapters/postgres/pg-migrate';
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
 */
export async function migrateCommand(o: { dataDir?: string }): Promise<number> {
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  if (backendMode(config) === 'production') {
    const pool = createPgPool(config.databaseUrl as string, { max: 1 });
    try {
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
