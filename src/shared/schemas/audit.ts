import { z } from 'zod';
import { Cursor, ExternalId, IsoTimestamp, JsonObject, Limit } from './common';
import { DecisionStatus, DecisionType, DecisionView } from './decision';

/** Audit event types: the names the runbooks' SQL filters on. */
export const AUDIT_EVENT_TYPES = [
  'RECEIVED',
  'ENQUEUED',
  'PROCESSING_STARTED',
  'SIGNALS_COMPUTED',
  'SUPERVISOR_APPROVED',
  'SUPERVISOR_NEEDS_REVIEW',
  'SUPERVISOR_BLOCKED',
  'RETRY_SCHEDULED',
  'FAILED',
  'REVIEW_APPROVED',
  'REVIEW_REJECTED',
  'REVIEW_UNDONE',
  'MANUAL_UNBLOCK',
  'RUNBOOK_ACTION',
  'REQUEUED_BY_RECONCILER',
  /** rejudge-decisions sent a terminal decision back to the queue; the payload keeps the outcome it had. */
  'REJUDGED',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

/** Events of the ops trail: operations that belong to no task (policies, queue, breakers, alerts, keys, retention). */
export const OPS_AUDIT_EVENT_TYPES = [
  'POLICY_UPLOADED',
  'POLICY_ACTIVATED',
  'QUEUE_PAUSED',
  'QUEUE_RESUMED',
  'BREAKER_TRANSITION',
  'BREAKER_ACTION',
  'ALERT_FIRING',
  'ALERT_RESOLVED',
  'ALERT_ACKNOWLEDGED',
  'ALERT_SILENCED',
  'ALERT_SILENCE_EXPIRED',
  'ALERT_RULE_SAVED',
  'RETENTION_PRUNED',
  'KEY_ROTATED',
  /** A compliance export of the audit trail: who, which filter, how many rows, whether it finished. */
  'AUDIT_EXPORTED',
  /** A runbook action run from the registry (the same name as the task trail's per-task runbook events). */
  'RUNBOOK_ACTION',
] as const;
export type OpsAuditEventType = (typeof OPS_AUDIT_EVENT_TYPES)[number];

export const AuditEventView = z.object({
  audit_id: z.string(),
  seq: z.number().int(),
  task_id: z.string(),
  decision_id: z.string().nullable(),
  event_type: z.string(),
  actor: z.string().nullable(),
  created_at: IsoTimestamp,
  source_event_ts: IsoTimestamp.nullable(),
  supervisor_processed_at: IsoTimestamp.nullable(),
  payload: JsonObject,
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const TASK_STATUSES = ['PENDING', 'RUNNING', 'NEEDS_REVIEW', 'BLOCKED', 'FAILED'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskRef = z.strictObject({ task_id: ExternalId });

/** The task states someone goes looking for (a RUNNING task needs nobody). */
export const AttentionTaskStatus = z.enum(['BLOCKED', 'NEEDS_REVIEW', 'FAILED']);

export const ListTasksInput = z.strictObject({
  status: AttentionTaskStatus.default('BLOCKED'),
  /** The code of the first finding of the task's last decision: for a blocked task, why it is blocked. */
  reason_code: z.string().max(128).optional(),
  cursor: Cursor.optional(),
  limit: Limit(100, 500),
});
export type ListTasksInput = z.infer<typeof ListTasksInput>;

export const TaskListItem = z.object({
  task_id: z.string(),
  status: TaskStatus,
  decision_type: DecisionType,
  updated_at: IsoTimestamp,
  last_decision_id: z.string().nullable(),
  reason_code: z.string().nullable(),
  reason_message: z.string().nullable(),
});
export type TaskListItem = z.infer<typeof TaskListItem>;

export const TaskPage = z.object({
  items: z.array(TaskListItem),
  next_cursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof TaskPage>;

export const TraceInput = z.strictObject({
  task_id: ExternalId,
  cursor: Cursor.optional(),
  limit: Limit(50, 200),
});
export type TraceInput = z.infer<typeof TraceInput>;

export const TracePage = z.object({
  task_id: z.string(),
  items: z.array(AuditEventView),
  count: z.number().int(),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
  /**
   * The engine's trace viewer URL (DECISIONOS_TRACE_VIEWER_URL) with its `{trace_id}` placeholder, when one is
   * configured: the trace screen links each step whose snapshot carries a `trace_id` to it.
   */
  trace_viewer_url: z.string().nullable().optional(),
});
export type TracePage = z.infer<typeof TracePage>;

export const TaskSummary = z.object({
  task_id: z.string(),
  status: TaskStatus,
  decision_type: DecisionType,
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  decisions: z.record(DecisionStatus, z.number().int()),
  audit_events: z.number().int(),
  first_event_at: IsoTimestamp.nullable(),
  last_event_at: IsoTimestamp.nullable(),
  blocked_reasons: z.array(z.string()),
  last_decision: DecisionView.nullable(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

const UnblockReason = z.string().trim().min(3, 'say why the task is unblocked').max(2000);

export const UnblockTaskInput = z.strictObject({
  task_id: ExternalId,
  reason: UnblockReason,
});
export type UnblockTaskInput = z.infer<typeof UnblockTaskInput>;

export const UnblockResult = z.object({
  task_id: z.string(),
  status: TaskStatus,
  audit_id: z.string(),
});
export type UnblockResult = z.infer<typeof UnblockResult>;

/** The most tasks one bulk unblock takes: one page of the blocked list. */
export const MAX_BULK_UNBLOCK = 500;

export const UnblockTasksInput = z.strictObject({
  task_ids: z
    .array(ExternalId)
    .min(1, 'name at least one task to unblock')
    .max(MAX_BULK_UNBLOCK, `at most ${MAX_BULK_UNBLOCK} tasks per call: send the rest in another call`),
  reason: UnblockReason,
});
export type UnblockTasksInput = z.infer<typeof UnblockTasksInput>;

export const UnblockTasksResult = z.object({
  /** One per task moved to RUNNING, each with its own MANUAL_UNBLOCK event. */
  unblocked: z.array(UnblockResult),
  /** Left untouched: not a task of this workspace (not_found) or not BLOCKED (not_blocked). */
  skipped: z.array(z.object({ task_id: z.string(), code: z.enum(['not_found', 'not_blocked']), message: z.string() })),
});
export type UnblockTasksResult = z.infer<typeof UnblockTasksResult>;
