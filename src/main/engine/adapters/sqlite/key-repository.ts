import type { ApiKeyRecord, KeyReads, KeyWrites } from '../../ports/audit-store';
import { prepareOpsAuditInsert } from './ops-audit-log';
import type { Db } from './database';
import { toSqlTime } from './sql-time';
import { sqlTimeToMs } from '../store-rows/stored-time';

interface KeyRow {
  key_id: string;
  workspace_id: string;
  name: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

const record = (row: KeyRow): ApiKeyRecord => ({
  keyId: row.key_id,
  workspaceId: row.workspace_id,
  name: row.name,
  scopes: JSON.parse(row.scopes),
  createdAt: sqlTimeToMs(row.created_at),
  revokedAt: row.revoked_at === null ? null : sqlTimeToMs(row.revoked_at),
  expiresAt: row.expires_at === null ? null : sqlTimeToMs(row.expires_at),
});

export function sqliteKeyReads(db: Db): KeyReads {
  const byHash = db.prepare('SELECT * FROM api_keys WHERE secret_hash = ?');
  const byId = db.prepare('SELECT * FROM api_keys WHERE key_id = ?');
  const all = db.prepare('SELECT * FROM api_keys ORDER BY created_at, key_id');
  return {
    async findKeyByHash(secretHash) {
      const row = byHash.get(secretHash) as KeyRow | undefined;
      return row ? record(row) : null;
    },
    async findKeyById(keyId) {
      const row = byId.get(keyId) as KeyRow | undefined;
      return row ? record(row) : null;
    },
    async listKeys() {
      return (all.all() as KeyRow[]).map(record);
    },
  };
}

export function sqliteKeyWrites(db: Db): KeyWrites {
  const insert = db.prepare(`
    INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL');
  // A key with an expiry is being rotated already: a second rotation is refused, not a second successor.
  const endForRotation = db.prepare(`
    UPDATE api_keys SET revoked_at = CASE WHEN ? THEN ? END, expires_at = CASE WHEN ? THEN NULL ELSE ? END
    WHERE key_id = ? AND revoked_at IS NULL AND expires_at IS NULL`);
  const insertOpsAudit = prepareOpsAuditInsert(db);
  return {
    async insertKey(r, secretHash) {
      insert.run(r.keyId, r.workspaceId, r.name, secretHash, JSON.stringify(r.scopes), toSqlTime(r.createdAt));
    },
    async revokeKey(keyId, at) {
      return revoke.run(toSqlTime(at), keyId).changes > 0;
    },
    async rotateKey(oldKeyId, next, secretHash, audit, oldValidUntil) {
      const now = oldValidUntil <= next.createdAt ? 1 : 0;
      return db
        .transaction(() => {
          if (endForRotation.run(now, toSqlTime(next.createdAt), now, toSqlTime(oldValidUntil), oldKeyId).changes === 0) return false;
          insert.run(next.keyId, next.workspaceId, next.name, secretHash, JSON.stringify(next.scopes), toSqlTime(next.createdAt));
          insertOpsAudit(audit);
          return true;
        })
        .immediate();
    },
  };
}
