import type { DecisionView } from '../../../../shared/schemas/decision';

/** A decisions row as pg returns it: jsonb parsed, timestamptz as epoch ms (see pg-pool). */
export interface PgDecisionRow {
  decision_id: string;
  workspace_id: string;
  task_id: string;
  decision_type: DecisionView['decision_type'];
  status: DecisionView['status'];
  client_request_id: string | null;
  inputs: DecisionView['inputs'];
  signals: DecisionView['signals'];
  findings: DecisionView['findings'];
  risk_score: number | null;
  policy_version: number | null;
  policy_hash: string | null;
  attempts: number;
  last_error: string | null;
  source_event_ts: number | null;
  enqueued_at: number;
  processed_at: number | null;
  lag_ms: number | null;
  review: DecisionView['review'];
  created_at: number;
  updated_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function decisionViewFromPgRow(row: PgDecisionRow): DecisionView {
  return {
    decision_id: row.decision_id,
    workspace_id: row.workspace_id,
    task_id: row.task_id,
    decision_type: row.decision_type,
    status: row.status,
    client_request_id: row.client_request_id,
    inputs: row.inputs,
    signals: row.signals,
    findings: row.findings,
    risk_score: row.risk_score,
    policy_version: row.policy_version,
    policy_hash: row.policy_hash,
    attempts: row.attempts,
    last_error: row.last_error,
    source_event_ts: isoOrNull(row.source_event_ts),
    enqueued_at: iso(row.enqueued_at),
    processed_at: isoOrNull(row.processed_at),
    lag_ms: row.lag_ms,
    review: row.review,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
