import type { ApiKeyRecord, KeyReads, KeyWrites } from '../../ports/audit-store';
import { inTransaction, type PgClient, type PgPool } from './pg-pool';
import { insertOpsAudit } from './pg-ops-audit-log';

interface KeyRow {
  key_id: string;
  workspace_id: string;
  name: string;
  scopes: string[];
  created_at: number;
  revoked_at: number | null;
  expires_at: number | null;
}

const record = (row: KeyRow): ApiKeyRecord => ({
  keyId: row.key_id,
  workspaceId: row.workspace_id,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  expiresAt: row.expires_at,
});

const COLUMNS = 'key_id, workspace_id, name, scopes, created_at, revoked_at, expires_at';

async function insertKey(db: PgPool | PgClient, r: ApiKeyRecord, secretHash: string): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz)`,
    [r.keyId, r.workspaceId, r.name, secretHash, JSON.stringify(r.scopes), new Date(r.createdAt).toISOString()],
  );
}

async function revokeKey(db: PgPool | PgClient, keyId: string, at: number): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = $1::timestamptz WHERE key_id = $2 AND revoked_at IS NULL', [
    new Date(at).toISOString(),
    keyId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** A revoked key is still found (with its revokedAt): telling "revoked" from "unknown" is the caller's call. */
export function pgKeyReads(pool: PgPool): KeyReads {
  const one = async (where: string, value: string) => {
    const { rows } = await pool.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE ${where} = $1`, [value]);
    return rows[0] ? record(rows[0]) : null;
  };
  return {
    findKeyByHash: (secretHash) => one('secret_hash', secretHash),
    findKeyById: (keyId) => one('key_id', keyId),
    async listKeys() {
      // COLLATE "C": ties in the byte order SQLite uses, whatever the database's collation.
      const { rows } = await pool.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, key_id COLLATE "C"`);
      return rows.map(record);
    },
  };
}

export function pgKeyWrites(pool: PgPool): KeyWrites {
  return {
    insertKey: (r, secretHash) => insertKey(pool, r, secretHash),
    revokeKey: (keyId, at) => revokeKey(pool, keyId, at),
    async rotateKey(oldKeyId, next, secretHash, audit, oldValidUntil) {
      return inTransaction(pool, async (client) => {
        // A concurrent rotation of the same key waits on the row lock, then finds it revoked or expiring: exactly one wins.
        const now = oldValidUntil <= next.createdAt;
        const { rowCount } = await client.query(
          `UPDATE api_keys SET revoked_at = CASE WHEN $1 THEN $2::timestamptz END, expires_at = CASE WHEN $1 THEN NULL ELSE $3::timestamptz END
           WHERE key_id = $4 AND revoked_at IS NULL AND expires_at IS NULL`,
          [now, new Date(next.createdAt).toISOString(), new Date(oldValidUntil).toISOString(), oldKeyId],
        );
        if ((rowCount ?? 0) === 0) return false;
        await insertKey(client, next, secretHash);
        await insertOpsAudit(client, audit);
        return true;
      });
    },
  };
}
