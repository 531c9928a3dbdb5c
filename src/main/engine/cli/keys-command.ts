import path from 'node:path';
import { SCOPES, type Scope } from '../../../shared/scopes';
import { configFromEnv } from '../config';
import { DATABASE_FILE } from '../engine';
import { openDatabase } from '../adapters/sqlite/database';
import { createSqliteStore } from '../adapters/sqlite/sqlite-store';
import { systemClock } from '../adapters/system-clock';
import { createKey } from '../services/keys';
import { AppError } from '../../../shared/errors';
import { UsageError, type ParsedArgs } from './args';

/** `decisionos keys create|list|revoke`: works on the database file directly, with or without a running engine. */
export async function keysCommand(args: ParsedArgs): Promise<number> {
  const [action, ...rest] = args.positionals;
  if (!action || !['create', 'list', 'revoke'].includes(action)) throw new UsageError('keys needs create, list or revoke');
  const config = configFromEnv(process.env, { dataDir: args.values['data-dir'] as string | undefined });
  const store = createSqliteStore(openDatabase(path.join(config.dataDir, DATABASE_FILE)), path.join(config.dataDir, DATABASE_FILE));
  try {
    if (action === 'create') {
      const scopes = String(args.values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = scopes.filter((s) => !SCOPES.includes(s as Scope));
      if (!args.values.workspace || !args.values.name || scopes.length === 0 || bad.length > 0) {
        throw new UsageError(`keys create needs --workspace, --name and --scopes from ${SCOPES.join(',')}${bad.length ? ` (unknown: ${bad.join(',')})` : ''}`);
      }
      const { key, record } = await createKey(store, systemClock, {
        workspaceId: String(args.values.workspace),
        name: String(args.values.name),
        scopes: scopes as Scope[],
      });
      process.stdout.write(`${key}\n`);
      process.stderr.write(`key ${record.keyId} for workspace ${record.workspaceId} (${record.scopes.join(',')}); the secret is shown only now\n`);
      return 0;
    }
    if (action === 'list') {
      for (const k of await store.listKeys()) {
        const state = k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`;
        process.stdout.write(`${k.keyId}\t${k.workspaceId}\t${k.name}\t${k.scopes.join(',')}\t${state}\n`);
      }
      return 0;
    }
    const keyId = rest[0];
    if (!keyId) throw new UsageError('keys revoke needs the key id (see keys list)');
    if (!(await store.revokeKey(keyId, systemClock.now()))) {
      process.stderr.write(`decisionos: no active key ${keyId}\n`);
      return 1;
    }
    process.stdout.write(`revoked ${keyId} (running engines stop accepting it within 5 s)\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
