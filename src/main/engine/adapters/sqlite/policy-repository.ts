import type { PolicyReads, PolicyWrites } from '../../ports/audit-store';
import type { PolicyVersionView } from '../../../../shared/schemas/policy';
import type { Db } from './database';
import { toSqlTime } from './sql-time';
import { sqlTimeToIso } from '../store-rows/stored-time';
import { prepareOpsAuditInsert } from './ops-audit-log';

interface PolicyRow {
  version: number;
  hash: string;
  name: string;
  document: string;
  author: string;
  created_at: string;
}

const ACTIVE_KEY = 'active_policy_version';

/** The statements and row mapping both sides share. */
function policyRows(db: Db) {
  const get = db.prepare('SELECT * FROM policy_versions WHERE workspace_id = ? AND version = ?');
  const activeVersion = db
    .prepare('SELECT CAST(value AS INTEGER) FROM workspace_settings WHERE workspace_id = ? AND key = ?')
    .pluck();
  const view = (row: PolicyRow, active: number | null): PolicyVersionView => {
    const document = JSON.parse(row.document);
    return {
      version: row.version,
      hash: row.hash,
      name: row.name,
      author: row.author,
      created_at: sqlTimeToIso(row.created_at),
      active: row.version === active,
      rule_count: document.rules.length,
      document,
    };
  };
  const active = (workspaceId: string) => (activeVersion.get(workspaceId, ACTIVE_KEY) as number | undefined) ?? null;
  return { get, view, active };
}

export function sqlitePolicyReads(db: Db): PolicyReads {
  const { get, view, active } = policyRows(db);
  const list = db.prepare('SELECT * FROM policy_versions WHERE workspace_id = ? ORDER BY version DESC');
  const byHash = db.prepare('SELECT * FROM policy_versions WHERE workspace_id = ? AND hash = ?');

  return {
    async listPolicies(workspaceId) {
      const current = active(workspaceId);
      return (list.all(workspaceId) as PolicyRow[]).map((row) => view(row, current));
    },
    async getPolicy(workspaceId, version) {
      const row = get.get(workspaceId, version) as PolicyRow | undefined;
      return row ? view(row, active(workspaceId)) : null;
    },
    async findPolicyByHash(workspaceId, hash) {
      const row = byHash.get(workspaceId, hash) as PolicyRow | undefined;
      return row ? view(row, active(workspaceId)) : null;
    },
    async activePolicy(workspaceId) {
      const version = active(workspaceId);
      if (version === null) return null;
      const row = get.get(workspaceId, version) as PolicyRow | undefined;
      return row ? { version: row.version, hash: row.hash, document: JSON.parse(row.document) } : null;
    },
  };
}

export function sqlitePolicyWrites(db: Db): PolicyWrites {
  const { get, view, active } = policyRows(db);
  const nextVersion = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM policy_versions WHERE workspace_id = ?').pluck();
  const insert = db.prepare(`
    INSERT INTO policy_versions (workspace_id, version, hash, name, document, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const setActive = db.prepare(`
    INSERT INTO workspace_settings (workspace_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`);
  const insertOpsAudit = prepareOpsAuditInsert(db);

  return {
    async insertPolicy(workspaceId, document, hash, author, at) {
      return db
        .transaction(() => {
          const version = nextVersion.get(workspaceId) as number;
          insert.run(workspaceId, version, hash, document.name, JSON.stringify(document), author, toSqlTime(at));
          return view(get.get(workspaceId, version) as PolicyRow, active(workspaceId));
        })
        .immediate();
    },
    async activatePolicy(workspaceId, version, audit) {
      db.transaction(() => {
        setActive.run(workspaceId, ACTIVE_KEY, String(version));
        insertOpsAudit(audit);
      }).immediate();
    },
  };
}
