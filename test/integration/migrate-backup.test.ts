import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabaseForTests, REDIS_URL, type TestDatabase } from '../contract/backends';
import { createPgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { PG_SCHEMA_VERSION } from '../../src/main/engine/adapters/postgres/pg-migrations';
import { migratePostgres, pgSchemaVersion } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { backupBeforePgMigration } from '../../src/main/engine/cli/migrate-command';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

/** `decisionos migrate` as an operator runs it, with only the given settings. */
function migrate(db: TestDatabase, dataDir: string, env: Record<string, string> = {}, args: string[] = []) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|DECISIONOS_)/.test(k)));
  return spawnSync(process.execPath, [BIN, 'migrate', '--data-dir', dataDir, ...args], {
    env: { ...clean, DATABASE_URL: db.url, REDIS_URL, ...env }, encoding: 'utf8', timeout: 30_000,
  });
}

/** A database at this build's schema: what the next build's `migrate` would find. */
async function migratedDatabase(): Promise<TestDatabase | null> {
  const db = await createPostgresDatabaseForTests();
  if (!db) return null;
  cleanup.push(() => db.drop());
  const pool = createPgPool(db.url, { max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  return db;
}

const version = async (db: TestDatabase) => {
  const pool = createPgPool(db.url, { max: 1 });
  try {
    return await pgSchemaVersion(pool);
  } finally {
    await pool.end();
  }
};

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-migrate-backup-'));
  const dir = dataDir;
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
});

// This build has one Postgres migration, so no existing database is behind it yet: the backup step is driven
// directly, as `migrate` calls it when a database is behind (version > 0 and < PG_SCHEMA_VERSION).
describe('the backup `decisionos migrate` takes before migrating an existing Postgres database', () => {
  it('dumps it with pg_dump into backups/, verified with pg_restore --list and tagged with its schema', async (ctx) => {
    const db = await migratedDatabase();
    if (!db) return ctx.skip();
    if (spawnSync('pg_dump', ['--version']).error) return ctx.skip(); // the next test covers a machine without it
    const taken = await backupBeforePgMigration(db.url, dataDir, PG_SCHEMA_VERSION);
    const [dump] = fs.readdirSync(path.join(dataDir, 'backups'));
    expect(dump).toMatch(new RegExp(`^decisionos-.+Z-before-v${PG_SCHEMA_VERSION}\\.dump$`));
    expect(taken).toEqual({ file: path.join(dataDir, 'backups', dump as string), verified: expect.stringMatching(/^pg_restore --list: \d+ archive entries$/) });
    expect(spawnSync('pg_restore', ['--list', (taken as { file: string }).file], { encoding: 'utf8' }).stdout).toContain('TABLE public decisions');
  });

  it('without pg_dump on PATH takes nothing and says exactly what to run', async (ctx) => {
    const db = await migratedDatabase();
    if (!db) return ctx.skip();
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const taken = await backupBeforePgMigration(db.url, dataDir, PG_SCHEMA_VERSION);
      expect(taken).toEqual({
        manual: expect.stringMatching(new RegExp(`^pg_dump is not on the PATH of this DecisionOS process, so it cannot do this itself: run \`pg_dump --format=custom --file='${path.join(dataDir, 'backups')}/decisionos-[^']+-before-v${PG_SCHEMA_VERSION}\\.dump' --dbname='postgres://`)),
      });
    } finally {
      process.env.PATH = saved;
    }
    const backups = path.join(dataDir, 'backups');
    expect(fs.existsSync(backups) ? fs.readdirSync(backups) : []).toEqual([]);
  });
});

describe('decisionos migrate', () => {
  it('takes no backup of a new database, and accepts --no-backup', async (ctx) => {
    const db = await createPostgresDatabaseForTests();
    if (!db) return ctx.skip();
    cleanup.push(() => db.drop());
    const r = migrate(db, dataDir, { PATH: '/nonexistent' }, ['--no-backup']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(fs.existsSync(path.join(dataDir, 'backups'))).toBe(false);
    expect(await version(db)).toBe(PG_SCHEMA_VERSION);
  });
});
