import path from 'node:path';
import { SCOPES, type Scope } from '../../../shared/scopes';
import { AppError } from '../../../shared/errors';
import { backendMode, configFromEnv } from '../config';
import { createPgPool } from '../adapters/postgres/pg-pool';
import { requireCurrentPgSchema } from '../adapters/postgres/pg-migrate';
import { createPostgresStore } from '../adapters/postgres/pg-store';
import { DATABASE_FILE } from '../engine';
import { openDatabase } from '../adapters/sqlite/database';
import { createSqliteStore } from '../adapters/sqlite/sqlite-store';
import { systemClock } from '../adapters/system-clock';
import type { AuditStore } from '../ports/audit-store';
import { createKey, rotateKey } from '../services/access/keys';
import { UsageError } from './args';
import { localUserName } from './serve-command';

/*
 * `decisionos keys create|list|revoke|rotate`: work on the store directly (the data dir's file, or Postgres with
 * DATABASE_URL), with or without a running engine (which notices a revocation within 5 s). Secrets go to stdout,
 * everything else to stderr.
 */

export interface KeysOptions {
  dataDir?: string;
}

/** The store the engine would use: Postgres in production mode (migrated first), else the data dir's file. */
async function openStore(o: KeysOptions): Promise<{ store: AuditStore; close(): Promise<void> }> {
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  if (backendMode(config) === 'production') {
    const pool = createPgPool(config.databaseUrl as string, { max: 2 });
    try {
      await requireCurrentPgSchema(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return { store: createPostgresStore(pool), close: () => pool.end() };
  }
  const file = path.join(config.dataDir, DATABASE_FILE);
  const store = createSqliteStore(openDatabase(file), file);
  return { store, close: () => store.close() };
}

async function withStore<T>(o: KeysOptions, work: (store: AuditStore) => Promise<T>): Promise<T> {
  const { store, close } = await openStore(o);
  try {
    return await work(store);
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
    throw error;
  } finally {
    await close();
  }
}

/** `--scopes read,submit`: each one of the scopes src/shared/scopes.ts defines. */
export function parseScopes(value: string): Scope[] {
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new UsageError(`--scopes are some of ${SCOPES.join(',')}${unknown.length ? ` (unknown: ${unknown.join(',')})` : ''}`);
  }
  return scopes as Scope[];
}

export function keysCreate(o: KeysOptions & { workspace: string; name: string; scopes: string }): Promise<number> {
  const scopes = parseScopes(o.scopes);
  return withStore(o, async (store) => {
    const { key, record } = await createKey(store, systemClock, { workspaceId: o.workspace, name: o.name, scopes });
    process.stdout.write(`${key}\n`);
    process.stderr.write(`key ${record.keyId} for workspace ${record.workspaceId} (${record.scopes.join(',')}); the secret is shown only now\n`);
    return 0;
  });
}

export function keysList(o: KeysOptions): Promise<number> {
  return withStore(o, async (store) => {
    for (const k of await store.listKeys()) {
      const state = k.revokedAt !== null
        ? `revoked ${new Date(k.revokedAt).toISOString()}`
        : k.expiresAt !== null
          ? `${k.expiresAt > Date.now() ? 'valid until' : 'expired'} ${new Date(k.expiresAt).toISOString()} (rotated)`
          : 'active';
      process.stdout.write(`${k.keyId}\t${k.workspaceId}\t${k.name}\t${k.scopes.join(',')}\t${state}\n`);
    }
    return 0;
  });
}

export function keysRevoke(keyId: string, o: KeysOptions): Promise<number> {
  return withStore(o, async (store) => {
    if (!(await store.revokeKey(keyId, systemClock.now()))) {
      process.stderr.write(`decisionos: no active key ${keyId}\n`);
      return 1;
    }
    process.stderr.write(`revoked ${keyId} (running engines stop accepting it within 5 s)\n`);
    return 0;
  });
}

/** A new secret for the key's workspace, name and scopes; the old key is revoked in the same write, audited with who. */
export function keysRotate(keyId: string, o: KeysOptions): Promise<number> {
  return withStore(o, async (store) => {
    try {
      const { key, record } = await rotateKey(store, systemClock, keyId, `${localUserName()} (cli)`);
      process.stdout.write(`${key}\n`);
      process.stderr.write(`key ${keyId} revoked and replaced by ${record.keyId} (${record.scopes.join(',')}); the new secret is shown only now\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict'))) throw error;
      process.stderr.write(`decisionos: ${error.message}\n`);
      return 1;
    }
  });
}
