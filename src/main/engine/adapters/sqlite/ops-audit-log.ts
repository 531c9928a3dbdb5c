import type { OpsAudit } from '../../ports/audit-store';
import type { Db } from './database';
import { toSqlTime } from './sql-time';

export function prepareOpsAuditInsert(db: Db): (entry: OpsAudit) => void {
  const insert = db.prepare(`
    INSERT INTO ops_audits (audit_id, workspace_id, event_type, actor, target, payload, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return (e) => {
    insert.run(e.auditId, e.workspaceId, e.eventType, e.actor, e.target, JSON.stringify(e.payload), toSqlTime(e.createdAt));
  };
}
