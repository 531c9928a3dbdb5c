import type { DecisionView } from '../../../../shared/schemas/decision';
import type { AuditEventView } from '../../../../shared/schemas/audit';
import { sqlTimeToIso, sqlTimeToIsoOrNull } from './stored-time';

/**
 * A decisions row as both stores select it: JSON as text, times as text that `sqlTimeToIso` reads. One mapper for
 * both backends, so their views cannot drift apart.
 */
export interface DecisionRow {
  decision_id: string;
  workspace_id: string;
  task_id: string;
  decision_type: DecisionView['decision_type'];
  status: DecisionView['status'];
  client_request_id: string | null;
  inputs: string;
  signals: string | null;
  findings: string;
  risk_score: number | null;
  policy_version: number | null;
  policy_hash: string | null;
  attempts: number;
  last_error: string | null;
  source_event_ts: string | null;
  enqueued_at: string;
  processed_at: string | null;
  lag_ms: number | null;
  review: string | null;
  created_at: string;
  updated_at: string;
}

export function decisionViewFromRow(row: DecisionRow): DecisionView {
  return {
    decision_id: row.decision_id,
    workspace_id: row.workspace_id,
    task_id: row.task_id,
    decision_type: row.decision_type,
    status: row.status,
    client_request_id: row.client_request_id,
    inputs: JSON.parse(row.inputs),
    signals: row.signals === null ? null : JSON.parse(row.signals),
    findings: JSON.parse(row.findings),
    risk_score: row.risk_score,
    policy_version: row.policy_version,
    policy_hash: row.policy_hash,
    attempts: row.attempts,
    last_error: row.last_error,
    source_event_ts: sqlTimeToIsoOrNull(row.source_event_ts),
    enqueued_at: sqlTimeToIso(row.enqueued_at),
    processed_at: sqlTimeToIsoOrNull(row.processed_at),
    lag_ms: row.lag_ms,
    review: row.review === null ? null : JSON.parse(row.review),
    created_at: sqlTimeToIso(row.created_at),
    updated_at: sqlTimeToIso(row.updated_at),
  };
}

export interface AuditRow {
  seq: number;
  audit_id: string;
  task_id: string;
  decision_id: string | null;
  event_type: string;
  actor: string | null;
  payload: string;
  created_at: string;
  source_event_ts: string | null;
  supervisor_processed_at: string | null;
}

export function auditViewFromRow(row: AuditRow): AuditEventView {
  let payload: AuditEventView['payload'];
  try {
    const parsed = JSON.parse(row.payload);
    payload = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value: parsed };
  } catch {
    // A hand-written runbook INSERT may carry plain text: show it rather than fail the whole trace.
    payload = { text: row.payload };
  }
  return {
    audit_id: row.audit_id,
    seq: row.seq,
    task_id: row.task_id,
    decision_id: row.decision_id,
    event_type: row.event_type,
    actor: row.actor,
    created_at: sqlTimeToIso(row.created_at),
    source_event_ts: sqlTimeToIsoOrNull(row.source_event_ts),
    supervisor_processed_at: sqlTimeToIsoOrNull(row.supervisor_processed_at),
    payload,
  };
}
