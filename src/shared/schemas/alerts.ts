import { z } from 'zod';
import { IsoTimestamp } from './common';
import { SeriesNameSchema } from './series';

export const AlertSeverity = z.enum(['info', 'warning', 'high', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertRuleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . - (max 64)');

/** An alert rule as the runbooks write it: durations in ms. */
export const AlertRuleDefinition = z.strictObject({
  id: AlertRuleId,
  metric: SeriesNameSchema,
  /** threshold: the value; rate: its per-second change (for `total` series); absence: no value for `threshold` ms. */
  type: z.enum(['threshold', 'rate', 'absence']),
  operator: z.enum(['>', '>=', '<', '<=', '==', '!=']).default('>'),
  threshold: z.number().finite(),
  /** How long the condition must hold before the alert fires (ms). */
  duration: z.number().int().min(0).max(7 * 86_400_000).default(0),
  severity: AlertSeverity,
  message: z.string().min(1).max(500),
  /** The least time between two firings of this rule (ms). */
  cooldown: z.number().int().min(0).max(7 * 86_400_000).default(300_000),
  enabled: z.boolean().default(true),
});
export type AlertRuleDefinition = z.infer<typeof AlertRuleDefinition>;

export const AlertRuleView = AlertRuleDefinition.extend({
  version: z.number().int(),
  updated_at: IsoTimestamp,
  updated_by: z.string(),
  state: z.enum(['inactive', 'pending', 'firing']),
  last_value: z.number().nullable(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const SaveAlertRuleInput = z.strictObject({
  rule: AlertRuleDefinition,
  reason: z.string().trim().min(3, 'say why').max(2000),
});
export const AlertRuleRef = z.strictObject({ rule_id: AlertRuleId, reason: z.string().trim().min(3, 'say why').max(2000) });

export const AlertView = z.object({
  fingerprint: z.string(),
  rule_id: z.string(),
  status: z.enum(['firing', 'resolved']),
  severity: AlertSeverity,
  message: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  operator: z.string(),
  labels: z.record(z.string(), z.string()),
  starts_at: IsoTimestamp,
  ends_at: IsoTimestamp.nullable(),
  acknowledged: z.object({ by: z.string(), at: IsoTimestamp, comment: z.string() }).nullable(),
  silenced_by: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertHistoryInput = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() });

export const AcknowledgeInput = z.strictObject({
  rule_id: AlertRuleId,
  comment: z.string().trim().min(3, 'say what you are doing about it').max(2000),
});

/** The labels every alert carries, so the labels a silence may match on. */
export const ALERT_LABELS = ['alertname', 'severity', 'metric'] as const;
export const SilenceLabel = z.enum(ALERT_LABELS, { error: `unknown label; an alert carries ${ALERT_LABELS.join(', ')} (alertname is the rule id)` });
export type SilenceLabel = z.infer<typeof SilenceLabel>;
/** `=` equals; `=~` matches the whole value with an RE2 regex (linear time). */
export const MatcherOp = z.enum(['=', '=~']);
export type MatcherOp = z.infer<typeof MatcherOp>;
export const SilenceState = z.enum(['pending', 'active', 'expired']);
export type SilenceState = z.infer<typeof SilenceState>;

export const MAX_SILENCE_MATCHERS = 8;
export const MAX_MATCHER_VALUE = 200;

export const SilenceMatcher = z.strictObject({
  label: SilenceLabel,
  op: MatcherOp.default('='),
  value: z.string().min(1).max(MAX_MATCHER_VALUE, `at most ${MAX_MATCHER_VALUE} characters`),
});
export type SilenceMatcher = z.infer<typeof SilenceMatcher>;

export const SilenceView = z.object({
  id: z.string(),
  matchers: z.array(SilenceMatcher),
  starts_at: IsoTimestamp,
  ends_at: IsoTimestamp,
  comment: z.string(),
  created_by: z.string(),
  state: SilenceState,
  /** state === 'active' (kept for scripts written before silences could be scheduled). */
  active: z.boolean(),
});
export type SilenceView = z.infer<typeof SilenceView>;

const tooMany = `at most ${MAX_SILENCE_MATCHERS} matchers`;

/** A union fails with "Invalid input"; say what is wrong with the form the caller used (list or record). */
function whichMatcherProblem(issue: { code?: string; input?: unknown; errors?: { path: PropertyKey[]; message: string }[][] }): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const inner = issue.errors?.[Array.isArray(issue.input) ? 0 : 1]?.[0];
  if (!inner) return 'a list of {label, op, value} or an object {label: value}';
  return inner.path.length > 0 ? `${inner.path.join('.')}: ${inner.message}` : inner.message;
}

export const CreateSilenceInput = z.strictObject({
  /** A list of matchers, all must hold; or the older `{label: value}` form (each pair an equality matcher). */
  matchers: z.union([
    z.array(SilenceMatcher).min(1, 'at least one matcher').max(MAX_SILENCE_MATCHERS, tooMany),
    z.partialRecord(SilenceLabel, z.string().min(1).max(MAX_MATCHER_VALUE))
      .refine((m) => Object.keys(m).length > 0, 'at least one matcher'),
  ], { error: whichMatcherProblem }),
  /** When it starts muting (default: now). A future start schedules it for a maintenance window. */
  starts_at: IsoTimestamp.optional(),
  ends_at: IsoTimestamp,
  comment: z.string().trim().min(3, 'say why').max(2000),
});
export type CreateSilenceInput = z.infer<typeof CreateSilenceInput>;
export const SilenceRef = z.strictObject({
  silence_id: z.string().min(1).max(64),
  /** Why it ends early (kept in the audit trail). */
  reason: z.string().trim().min(3, 'say why').max(2000).optional(),
});

export const DeliveryView = z.object({
  id: z.string(),
  /** The receiver it went to (`webhook`: DECISIONOS_ALERT_WEBHOOK_URL's; others are named in DECISIONOS_ALERT_RECEIVERS). */
  receiver: z.string(),
  at: IsoTimestamp,
  /** `held`: notifications were muted, nothing was posted (last_error says until when and who muted them). */
  status: z.enum(['delivered', 'failed', 'rejected', 'held']),
  attempts: z.number().int(),
  alerts: z.number().int(),
  http_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;
