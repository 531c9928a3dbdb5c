import type { NewAudit } from '../../ports/records';
import type { PgQueryable } from './pg-transaction';
import { fromMs } from './pg-time';

/** The one INSERT for task_audits: every audit of a batch in one statement, in the given order (seq follows it). */
export async function insertAudits(db: PgQueryable, rows: { workspaceId: string; audit: NewAudit }[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (a: NewAudit) => T) => rows.map((r) => pick(r.audit));
  await db.query(
    `INSERT INTO task_audits (audit_id, workspace_id, task_id, decision_id, event_type, actor, payload, created_at,
                              source_event_ts, supervisor_processed_at, decision_type, reason_code, lag_ms)
     SELECT id, ws, task, dec, type, actor, payload::jsonb, ${fromMs('at')}, ${fromMs('source')}, ${fromMs('processed')},
            dtype, reason, lag
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[],
                 $9::float8[], $10::float8[], $11::text[], $12::text[], $13::float8[])
       AS v(id, ws, task, dec, type, actor, payload, at, source, processed, dtype, reason, lag)`,
    [
      col((a) => a.auditId),
      rows.map((r) => r.workspaceId),
      col((a) => a.taskId),
      col((a) => a.decisionId),
      col((a) => a.eventType),
      col((a) => a.actor),
      col((a) => JSON.stringify(a.payload)),
      col((a) => a.createdAt),
      col((a) => a.sourceEventTs),
      col((a) => a.supervisorProcessedAt),
      col((a) => a.decisionType ?? null),
      col((a) => a.reasonCode ?? null),
      col((a) => a.lagMs ?? null),
    ],
  );
}
