import { isoText } from './pg-time';

/** A decisions row in the shape of `DecisionRow` (JSON as text, times as ISO text), for `decisionViewFromRow`. */
export const decisionColumns = (d: string): string => `
  ${d}.decision_id, ${d}.workspace_id, ${d}.task_id, ${d}.decision_type, ${d}.status, ${d}.client_request_id,
  ${d}.inputs::text AS inputs, ${d}.signals::text AS signals, ${d}.findings::text AS findings, ${d}.risk_score,
  ${d}.policy_version, ${d}.policy_hash, ${d}.attempts, ${d}.last_error,
  ${isoText(`${d}.source_event_ts`)} AS source_event_ts, ${isoText(`${d}.enqueued_at`)} AS enqueued_at,
  ${isoText(`${d}.processed_at`)} AS processed_at, ${d}.lag_ms, ${d}.review::text AS review,
  ${isoText(`${d}.created_at`)} AS created_at, ${isoText(`${d}.updated_at`)} AS updated_at`;

/** A task_audits row in the shape of `AuditRow`. */
export const AUDIT_COLUMNS = `
  seq, audit_id, task_id, decision_id, event_type, actor, payload::text AS payload, ${isoText('created_at')} AS created_at,
  ${isoText('source_event_ts')} AS source_event_ts, ${isoText('supervisor_processed_at')} AS supervisor_processed_at`;
