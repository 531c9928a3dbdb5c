import type { PolicyReads, PolicyWrites } from '../../ports/audit-store';
import type { PolicyDocument, PolicyVersionView } from '../../../../shared/schemas/policy';
import { inTransaction, type PgClient, type PgPool } from './pg-pool';
import { insertOpsAudit } from './pg-ops-audit-log';

interface PolicyRow {
  version: number;
  hash: string;
  name: string;
  document: PolicyDocument;
  author: string;
  created_at: number;
}

const ACTIVE_KEY = 'active_policy_version';

/**
 * Serialises version numbering per workspace across every process: the first advisory-lock key is this fixed
 * class, the second the workspace's hash (two workspaces sharing a hash only wait for each other).
 */
const POLICY_VERSION_LOCK = 7_301_905;

const view = (row: PolicyRow, active: number | null): PolicyVersionView => ({
  version: row.version,
  hash: row.hash,
  name: row.name,
  author: row.author,
  created_at: new Date(row.created_at).toISOString(),
  active: row.version === active,
  rule_count: row.document.rules.length,
  document: row.document,
});

async function activeVersion(db: PgPool | PgClient, workspaceId: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    'SELECT value::integer AS version FROM workspace_settings WHERE workspace_id = $1 AND key = $2',
    [workspaceId, ACTIVE_KEY],
  );
  return rows[0]?.version ?? null;
}

async function policyRow(db: PgPool | PgClient, workspaceId: string, version: number): Promise<PolicyRow | null> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM policy_versions WHERE workspace_id = $1 AND version = $2', [workspaceId, version]);
  return rows[0] ?? null;
}

export function pgPolicyReads(pool: PgPool): PolicyReads {
  return {
    async listPolicies(workspaceId) {
      const current = await activeVersion(pool, workspaceId);
      const { rows } = await pool.query<PolicyRow>('SELECT * FROM policy_versions WHERE workspace_id = $1 ORDER BY version DESC', [workspaceId]);
      return rows.map((row) => view(row, current));
    },
    async getPolicy(workspaceId, version) {
      const row = await policyRow(pool, workspaceId, version);
      return row ? view(row, await activeVersion(pool, workspaceId)) : null;
    },
    async findPolicyByHash(workspaceId, hash) {
      const { rows } = await pool.query<PolicyRow>('SELECT * FROM policy_versions WHERE workspace_id = $1 AND hash = $2', [workspaceId, hash]);
      const row = rows[0];
      return row ? view(row, await activeVersion(pool, workspaceId)) : null;
    },
    async activePolicy(workspaceId) {
      const version = await activeVersion(pool, workspaceId);
      if (version === null) return null;
      const row = await policyRow(pool, workspaceId, version);
      return row ? { version: row.version, hash: row.hash, document: row.document } : null;
    },
  };
}

export function pgPolicyWrites(pool: PgPool): PolicyWrites {
  return {
    async insertPolicy(workspaceId, document, hash, author, at) {
      return inTransaction(pool, async (client) => {
        // MAX + 1 alone would hand two concurrent uploads (two API processes) the same number.
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [POLICY_VERSION_LOCK, workspaceId]);
        const { rows } = await client.query<PolicyRow>(
          `INSERT INTO policy_versions (workspace_id, version, hash, name, document, author, created_at)
           SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4::jsonb, $5, $6::timestamptz FROM policy_versions WHERE workspace_id = $1
           RETURNING *`,
          [workspaceId, hash, document.name, JSON.stringify(document), author, new Date(at).toISOString()],
        );
        return view(rows[0] as PolicyRow, await activeVersion(client, workspaceId));
      });
    },
    async activatePolicy(workspaceId, version, audit) {
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO workspace_settings (workspace_id, key, value) VALUES ($1, $2, $3)
           ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`,
          [workspaceId, ACTIVE_KEY, String(version)],
        );
        await insertOpsAudit(client, audit);
      });
    },
  };
}
