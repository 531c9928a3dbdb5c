import type { OpsAudit, OpsAuditLog } from '../../ports/audit-store';
import type { PgClient, PgPool } from './pg-pool';

/** The one INSERT for ops_audits; `db` is the pool or a transaction's client. */
export async function insertOpsAudit(db: PgPool | PgClient, e: OpsAudit): Promise<void> {
  await db.query(
    `INSERT INTO ops_audits (audit_id, workspace_id, event_type, actor, target, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz)`,
    // Stringified by hand: pg would send a JS array as a Postgres array, not as JSON.
    [e.auditId, e.workspaceId, e.eventType, e.actor, e.target, JSON.stringify(e.payload), new Date(e.createdAt).toISOString()],
  );
}

export function pgOpsAuditLog(pool: PgPool): OpsAuditLog {
  return {
    async appendOpsAudit(entry) {
      await insertOpsAudit(pool, entry);
    },
  };
}
