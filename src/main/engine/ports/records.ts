import type { AuditEventType, TaskStatus } from '../../../shared/schemas/audit';
import type { DecisionStatus, DecisionType, Finding, Signals } from '../../../shared/schemas/decision';
import type { JsonObject } from '../../../shared/schemas/common';
import type { Scope } from '../../../shared/scopes';

/** Who did it: the API key (or local user) behind a call. */
export interface Principal {
  keyId: string;
  workspaceId: string;
  name: string;
  scopes: Scope[];
  /** Set when the caller presented a browser session key (made from the key `keyId`), not the key itself. */
  sessionId?: string;
}

/** A principal making one call: audit events it causes record the call's request id. */
export interface Caller extends Principal {
  requestId?: string;
  /** The client's W3C `traceparent` (HTTP header), when it sent one. */
  traceparent?: string;
}

/** An audit event to append. Times are epoch ms; the store decides the on-disk format. */
export interface NewAudit {
  auditId: string;
  taskId: string;
  decisionId: string | null;
  eventType: AuditEventType;
  actor: string | null;
  payload: JsonObject;
  createdAt: number;
  sourceEventTs: number | null;
  supervisorProcessedAt: number | null;
  /** Set on SUPERVISOR_BLOCKED: findings[0].code, kept in its own column for the stats index. */
  reasonCode?: string | null;
  /** Set on the terminal supervisor event: supervisor_processed_at - source_event_ts. */
  lagMs?: number | null;
  decisionType?: DecisionType | null;
}

export interface NewDecision {
  decisionId: string;
  workspaceId: string;
  taskId: string;
  decisionType: DecisionType;
  clientRequestId: string | null;
  inputs: JsonObject;
  sourceEventTs: number | null;
  enqueuedAt: number;
}

export interface NewJob {
  jobId: string;
  decisionId: string;
  workspaceId: string;
  taskId: string;
  priority: number;
  runAt: number;
  /**
   * The submission's span as a W3C `traceparent`, when tracing is on: the worker's spans, in whatever process and
   * however much later, become its children. Jobs made again later (requeue, rejudge) carry none.
   */
  traceparent?: string | null;
}

export interface Submission {
  decision: NewDecision;
  idempotency: { clientRequestId: string; payloadHash: string; expiresAt: number } | null;
  audits: NewAudit[];
  /** Written to the inbox in the same transaction as the decision: no accepted decision without its job. */
  job: NewJob;
}

export type SubmissionResult =
  | { kind: 'created' }
  | { kind: 'existing'; decisionId: string; payloadHash: string };

/** What the worker has after claiming a job: enough to compute signals and judge. */
export interface WorkItem {
  jobId: string;
  attempt: number;
  decisionId: string;
  workspaceId: string;
  taskId: string;
  decisionType: DecisionType;
  status: DecisionStatus;
  inputs: JsonObject;
  sourceEventTs: number | null;
  enqueuedAt: number;
  /** The job's trace context (NewJob.traceparent), when it has one. */
  traceparent?: string | null;
}

export interface Outcome {
  decisionId: string;
  taskId: string;
  decisionType: DecisionType;
  status: Exclude<DecisionStatus, 'queued' | 'processing'>;
  taskStatus: TaskStatus;
  signals: Signals | null;
  findings: Finding[];
  riskScore: number | null;
  policyVersion: number | null;
  policyHash: string | null;
  processedAt: number;
  lagMs: number | null;
  lastError: string | null;
  audits: NewAudit[];
}

export interface RetryRecord {
  decisionId: string;
  error: string;
  audit: NewAudit;
}
