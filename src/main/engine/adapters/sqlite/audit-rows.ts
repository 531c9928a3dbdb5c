import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import type { NewAudit } from '../../ports/records';
import { toSqlTime, toSqlTimeOrNull } from './sql-time';

/** The one INSERT for task_audits, shared by every writer. */
export function prepareAuditInsert(db: Db): (workspaceId: string, audit: NewAudit) => void {
  const insert: Statement = db.prepare(`
    INSERT INTO task_audits (audit_id, workspace_id, task_id, decision_id, event_type, actor, payload, created_at,
                             source_event_ts, supervisor_processed_at, decision_type, reason_code, lag_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return (workspaceId, audit) => {
    insert.run(
      audit.auditId,
      workspaceId,
      audit.taskId,
      audit.decisionId,
      audit.eventType,
      audit.actor,
      JSON.stringify(audit.payload),
      toSqlTime(audit.createdAt),
      toSqlTimeOrNull(audit.sourceEventTs),
      toSqlTimeOrNull(audit.supervisorProcessedAt),
      audit.decisionType ?? null,
      audit.reasonCode ?? null,
      audit.lagMs ?? null,
    );
  };
}
