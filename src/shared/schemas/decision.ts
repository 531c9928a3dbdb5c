import { z } from 'zod';
import { Cursor, ExternalId, IsoTimestamp, JsonObject, Limit } from './common';

export const DECISION_TYPES = ['payment_fraud_check', 'reconciliation', 'agent_tool_call'] as const;
export const DecisionType = z.enum(DECISION_TYPES);
export type DecisionType = z.infer<typeof DecisionType>;

export const DECISION_STATUSES = ['queued', 'processing', 'approved', 'needs_review', 'blocked', 'failed'] as const;
export const DecisionStatus = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.infer<typeof DecisionStatus>;

export const TERMINAL_STATUSES: readonly DecisionStatus[] = ['approved', 'needs_review', 'blocked', 'failed'];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const RULE_KINDS = ['redline', 'threshold', 'anomaly'] as const;
export const RuleKind = z.enum(RULE_KINDS);
export type RuleKind = z.infer<typeof RuleKind>;

export const Finding = z.object({
  code: z.string(),
  severity: Severity,
  message: z.string(),
  rule_id: z.string(),
  kind: RuleKind,
  /** Only on `integration_unavailable`: why the integration's data is missing (circuit_open, timeout, ...). */
  missing_reason: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

const Money = z.number().finite().min(0).max(1e12);
const Country = z.string().regex(/^[A-Z]{2}$/, 'two-letter country code');

/** Inputs per decision type: the named fields are required and typed; extra fields are kept as data. */
export const PaymentInputs = z
  .object({
    amount: Money,
    currency: z.string().regex(/^[A-Z]{3}$/, 'three-letter currency code'),
    customer_id: ExternalId,
    merchant_id: ExternalId.optional(),
    card_country: Country.optional(),
    ip_country: Country.optional(),
  })
  .catchall(z.json());

export const ReconciliationInputs = z
  .object({
    affiliate_id: ExternalId,
    platform: z.string().min(1).max(64),
    claimed_amount: Money,
    // null: the platform report could not be fetched (a "missing" reconciliation).
    reported_amount: Money.nullable(),
    period: z.string().max(32).optional(),
  })
  .catchall(z.json());

export const AgentToolCallInputs = z
  .object({
    agent_id: ExternalId,
    tool: z.string().min(1).max(128),
    arguments: JsonObject.optional(),
    requested_by: z.string().max(128).optional(),
  })
  .catchall(z.json());

const submitFields = {
  task_id: ExternalId.optional(),
  client_request_id: ExternalId.optional(),
  source_event_ts: IsoTimestamp.optional(),
  priority: z.number().int().min(0).max(9).optional(),
};

export const SubmitDecisionInput = z.discriminatedUnion('decision_type', [
  z.strictObject({ decision_type: z.literal('payment_fraud_check'), inputs: PaymentInputs, ...submitFields }),
  z.strictObject({ decision_type: z.literal('reconciliation'), inputs: ReconciliationInputs, ...submitFields }),
  z.strictObject({ decision_type: z.literal('agent_tool_call'), inputs: AgentToolCallInputs, ...submitFields }),
]);
export type SubmitDecisionInput = z.infer<typeof SubmitDecisionInput>;

export const Review = z.object({
  verdict: z.enum(['approve', 'reject']),
  reviewer: z.string(),
  note: z.string().nullable(),
  reviewed_at: IsoTimestamp,
});
export type Review = z.infer<typeof Review>;

export const Signals = z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()]));
export type Signals = z.infer<typeof Signals>;

export const DecisionView = z.object({
  decision_id: z.string(),
  workspace_id: z.string(),
  task_id: z.string(),
  decision_type: DecisionType,
  status: DecisionStatus,
  client_request_id: z.string().nullable(),
  inputs: JsonObject,
  signals: Signals.nullable(),
  findings: z.array(Finding),
  risk_score: z.number().nullable(),
  policy_version: z.number().int().nullable(),
  policy_hash: z.string().nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  source_event_ts: IsoTimestamp.nullable(),
  enqueued_at: IsoTimestamp,
  processed_at: IsoTimestamp.nullable(),
  lag_ms: z.number().nullable(),
  review: Review.nullable(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
});
export type DecisionView = z.infer<typeof DecisionView>;

export const GetDecisionInput = z.strictObject({ decision_id: ExternalId });

/** Columns the decisions list sorts by on the server; ties are broken by decision id in the same direction. */
export const DECISION_SORTS = ['created_at', 'risk_score', 'status', 'decision_type'] as const;
export const DecisionSort = z.enum(DECISION_SORTS);
export type DecisionSort = z.infer<typeof DecisionSort>;
export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

export const ListDecisionsInput = z.strictObject({
  status: DecisionStatus.optional(),
  decision_type: DecisionType.optional(),
  task_id: ExternalId.optional(),
  finding_code: z.string().max(128).optional(),
  from: IsoTimestamp.optional(),
  to: IsoTimestamp.optional(),
  /** A missing risk score (not judged yet) sorts below every score. */
  sort: DecisionSort.default('created_at'),
  order: SortOrder.default('desc'),
  cursor: Cursor.optional(),
  limit: Limit(50, 500),
});
export type ListDecisionsInput = z.infer<typeof ListDecisionsInput>;

export const DecisionPage = z.object({
  items: z.array(DecisionView),
  next_cursor: z.string().nullable(),
});
export type DecisionPage = z.infer<typeof DecisionPage>;

export const ReviewDecisionInput = z.strictObject({
  decision_id: ExternalId,
  verdict: z.enum(['approve', 'reject']),
  note: z.string().trim().max(2000).optional(),
});
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInput>;

export const UndoReviewInput = z.strictObject({ decision_id: ExternalId });
export type UndoReviewInput = z.infer<typeof UndoReviewInput>;

/** The reviewed decision, and the REVIEW_* audit event the verdict wrote (so a UI can link to it). */
export const ReviewResult = DecisionView.extend({ audit_id: z.string() });
export type ReviewResult = z.infer<typeof ReviewResult>;
