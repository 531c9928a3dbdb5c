import { z } from 'zod';
import { IsoTimestamp } from './common';
import { SeriesNameSchema } from './series';

export const AlertSeverity = z.enum(['info', 'warning', 'high', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertRuleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . - (max 64)');

/** The labels every alert carries (the engine sets them), so names a rule's own labels may not take. */
export const ALERT_LABELS = ['alertname', 'severity', 'metric'] as const;
/** A label name as Prometheus and Alertmanager spell them. */
const LABEL_NAME_RULE = 'a label name is a letter or _, then letters, digits or _ (max 64)';
export const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, LABEL_NAME_RULE);
/** A record keyed by label names says which key is wrong and why (zod's own message is "Invalid key in record"). */
const labelKeys = { error: (issue: { code?: string }) => (issue.code === 'invalid_key' ? `not a label name: ${LABEL_NAME_RULE}` : undefined) };
export const MAX_RULE_LABELS = 16;
export const MAX_LABEL_VALUE = 200;
/** A rule's own labels (team, service, ...): every alert of the rule carries them, silences can match them. */
export const RuleLabels = z
  .record(LabelName, z.string().min(1).max(MAX_LABEL_VALUE, `at most ${MAX_LABEL_VALUE} characters`), labelKeys)
  .refine((l) => Object.keys(l).length <= MAX_RULE_LABELS, `at most ${MAX_RULE_LABELS} labels`)
  .refine((l) => !ALERT_LABELS.some((n) => n in l), `${ALERT_LABELS.join(', ')} are set by the engine; pick another label name`);

const Duration = z.number().int().min(0).max(7 * 86_400_000);

/** A rule's second, higher tier: its alert has severity `critical`; threshold beyond the rule's own, in the operator's direction. */
export const CriticalTier = z.strictObject({
  threshold: z.number().finite(),
  /** How long the critical condition must hold before the critical alert fires (ms). */
  duration: Duration,
  /** What the critical alert says (default: the rule's message). */
  message: z.string().min(1).max(500).optional(),
});
export type CriticalTier = z.infer<typeof CriticalTier>;

/** An alert rule as the runbooks write it: durations in ms. */
export const AlertRuleDefinition = z.strictObject({
  id: AlertRuleId,
  metric: SeriesNameSchema,
  /** threshold: the value; rate: its per-second change (for `total` series); absence: no value for `threshold` ms. */
  type: z.enum(['threshold', 'rate', 'absence']),
  operator: z.enum(['>', '>=', '<', '<=', '==', '!=']).default('>'),
  threshold: z.number().finite(),
  /** How long the condition must hold before the alert fires (ms). */
  duration: Duration.default(0),
  /** The severity of the rule's (warning) tier; `critical` is kept for the critical tier when there is one. */
  severity: AlertSeverity,
  message: z.string().min(1).max(500),
  /** The least time between two firings of this rule (ms). */
  cooldown: Duration.default(300_000),
  enabled: z.boolean().default(true),
  /** Optional second tier: past this threshold for its duration the critical alert fires and the warning one resolves. */
  critical: CriticalTier.optional(),
  labels: RuleLabels.optional(),
});
export type AlertRuleDefinition = z.infer<typeof AlertRuleDefinition>;

export const AlertRuleView = AlertRuleDefinition.extend({
  version: z.number().int(),
  updated_at: IsoTimestamp,
  updated_by: z.string(),
  state: z.enum(['inactive', 'pending', 'firing']),
  /** The severity of the tier firing now (the rule's own, or `critical`), null when none fires. */
  firing_severity: AlertSeverity.nullable(),
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

/** Any label name: the engine's (alertname is the rule id, severity, metric) or a rule's own; a missing label is "". */
export const SilenceLabel = LabelName;
export type SilenceLabel = z.infer<typeof SilenceLabel>;
/** `=` equals, `!=` differs; `=~` / `!~` match / do not match the whole value with an RE2 regex (linear time). */
export const MatcherOp = z.enum(['=', '!=', '=~', '!~']);
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
    z.record(SilenceLabel, z.string().min(1).max(MAX_MATCHER_VALUE, `at most ${MAX_MATCHER_VALUE} characters`), labelKeys)
      .refine((m) => Object.keys(m).length > 0, 'at least one matcher')
      .refine((m) => Object.keys(m).length <= MAX_SILENCE_MATCHERS, tooMany),
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
