import { z } from 'zod';
import { IsoTimestamp } from './common';
import { DecisionType } from './decision';

export const IntegrationName = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'lower-case letters, digits and _ (max 48), starting with a letter');

/** The runbooks' breaker knobs, with their names. */
export const BreakerSettings = z.strictObject({
  /** Failures within `window_seconds` that open the breaker. */
  failure_threshold: z.number().int().min(1).max(10_000).default(5),
  /** Also open when this share of calls failed, once `min_calls` calls are in the window. */
  failure_rate: z.number().gt(0).max(1).optional(),
  min_calls: z.number().int().min(1).max(100_000).default(10),
  window_seconds: z.number().positive().max(86_400).default(60),
  open_cooldown_seconds: z.number().positive().max(86_400).default(30),
  half_open_probe_count: z.number().int().min(1).max(100).default(1),
});
export type BreakerSettings = z.infer<typeof BreakerSettings>;

/**
 * An external lookup a signal makes (a sanctions check, a platform report fetch): POST {decision_type,
 * workspace_id, inputs} as JSON to `url`; the JSON object it answers becomes signals `<name>_<field>`.
 */
export const IntegrationConfig = z.strictObject({
  name: IntegrationName,
  url: z.url({ protocol: /^https?$/ }),
  applies_to: z.array(DecisionType).min(1),
  timeout_ms: z.number().int().min(1).max(60_000).default(2_000),
  /** Retries of one lookup after a failed call, with exponential backoff from `retry_backoff_ms`. */
  retries: z.number().int().min(0).max(5).default(2),
  retry_backoff_ms: z.number().int().min(0).max(60_000).default(100),
  /** What an unavailable integration makes of the decision: a reviewer looks (default) or it is blocked. */
  on_unavailable: z.enum(['needs_review', 'blocked']).default('needs_review'),
  /** Answers larger than this are cut off and count as `bad_response`; default DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES. */
  max_response_bytes: z.number().int().min(1_024).max(64 * 1024 * 1024).optional(),
  breaker: BreakerSettings.default(BreakerSettings.parse({})),
});
export type IntegrationConfig = z.infer<typeof IntegrationConfig>;

export const IntegrationsFile = z.strictObject({ integrations: z.array(IntegrationConfig) }).refine(
  (f) => new Set(f.integrations.map((i) => i.name)).size === f.integrations.length,
  'integration names must be unique',
);

export const BreakerState = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']);
export type BreakerState = z.infer<typeof BreakerState>;

/** What any reader of the workspace sees of a breaker: no URL (where an integration lives is engine configuration). */
export const BreakerView = z.object({
  integration: z.string(),
  applies_to: z.array(DecisionType),
  state: BreakerState,
  /** Held by an operator until reset. */
  forced: z.enum(['open', 'closed']).nullable(),
  /** Who forced it, while forced. */
  forced_by: z.string().nullable(),
  failures: z.number().int(),
  successes: z.number().int(),
  window_seconds: z.number(),
  last_transition: z.object({ at: IsoTimestamp, from: BreakerState, to: BreakerState, cause: z.string() }).nullable(),
  next_probe_at: IsoTimestamp.nullable(),
  latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), max: z.number().nullable() }),
  settings: BreakerSettings,
});
export type BreakerView = z.infer<typeof BreakerView>;

export const BreakerList = z.object({ items: z.array(BreakerView) });
export type BreakerList = z.infer<typeof BreakerList>;

export const BreakerActionInput = z.strictObject({
  integration: IntegrationName,
  reason: z.string().trim().min(3, 'say why').max(2000),
});
export type BreakerActionInput = z.infer<typeof BreakerActionInput>;

/** The integrations as configured, URLs included: only for keys with the `system` scope. */
export const IntegrationList = z.object({ items: z.array(IntegrationConfig) });
export type IntegrationList = z.infer<typeof IntegrationList>;
