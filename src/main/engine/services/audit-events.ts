import type { AuditEventType, OpsAuditEventType } from '../../../shared/schemas/audit';
import type { DecisionStatus, DecisionType, Finding, Signals } from '../../../shared/schemas/decision';
import type { JsonObject } from '../../../shared/schemas/common';
import type { NewAudit } from '../ports/records';
import type { OpsAudit } from '../ports/audit-store';
import { newId } from './ids';

/** What every pipeline audit event carries: the decision as it stood at that step. */
export interface DecisionSnapshot {
  decision_id: string;
  task_id: string;
  decision_type: DecisionType;
  status: DecisionStatus;
  attempt: number;
  inputs: JsonObject;
  signals: Signals | null;
  findings: Finding[];
  risk_score: number | null;
  policy_version: number | null;
  policy_hash: string | null;
  error?: string;
  /** The decision's OpenTelemetry trace (32 hex digits), when tracing was on for the step. */
  trace_id?: string;
  timings: {
    source_event_ts: string | null;
    enqueued_at: string;
    processing_started_at: string | null;
    processed_at: string | null;
    lag_ms: number | null;
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function snapshotTimings(t: {
  sourceEventTs: number | null;
  enqueuedAt: number;
  startedAt?: number | null;
  processedAt?: number | null;
  lagMs?: number | null;
}): DecisionSnapshot['timings'] {
  return {
    source_event_ts: iso(t.sourceEventTs),
    enqueued_at: iso(t.enqueuedAt) as string,
    processing_started_at: iso(t.startedAt ?? null),
    processed_at: iso(t.processedAt ?? null),
    lag_ms: t.lagMs ?? null,
  };
}

export interface AuditFields {
  taskId: string;
  decisionId: string | null;
  actor: string | null;
  at: number;
  sourceEventTs?: number | null;
  supervisorProcessedAt?: number | null;
  payload: JsonObject;
  reasonCode?: string | null;
  lagMs?: number | null;
  decisionType?: DecisionType | null;
  /** The request that caused the event (none for the worker's own steps). */
  requestId?: string;
}

export function auditEvent(eventType: AuditEventType, f: AuditFields): NewAudit {
  return {
    auditId: newId('aud', f.at),
    taskId: f.taskId,
    decisionId: f.decisionId,
    eventType,
    actor: f.actor,
    payload: f.requestId ? { ...f.payload, request_id: f.requestId } : f.payload,
    createdAt: f.at,
    sourceEventTs: f.sourceEventTs ?? null,
    supervisorProcessedAt: f.supervisorProcessedAt ?? null,
    reasonCode: f.reasonCode ?? null,
    lagMs: f.lagMs ?? null,
    decisionType: f.decisionType ?? null,
  };
}

export function snapshotPayload(snapshot: DecisionSnapshot, extra: JsonObject = {}): JsonObject {
  return { decision_snapshot: snapshot as unknown as JsonObject, ...extra };
}

export interface OpsAuditFields {
  /** The workspace whose timeline shows it: SYSTEM_WORKSPACE for engine-wide effects (every timeline shows those). */
  workspaceId: string;
  actor: string;
  target: string;
  at: number;
  payload: JsonObject;
  /** The request that caused the event, when one did. */
  requestId?: string;
}

/** The one way an ops-trail record is built: a fresh id, the time it happened, who, on what. */
export function opsAuditEvent(eventType: OpsAuditEventType, f: OpsAuditFields): OpsAudit {
  return {
    auditId: newId('ops', f.at),
    workspaceId: f.workspaceId,
    eventType,
    actor: f.actor,
    target: f.target,
    payload: f.requestId ? { ...f.payload, request_id: f.requestId } : f.payload,
    createdAt: f.at,
  };
}
