import { z } from 'zod';
import { IsoTimestamp } from './common';
import { AlertSeverity, AlertView } from './alerts';
import { BreakerState } from './integrations';

/** A breaker that is not simply CLOSED on its own: open, probing, or held by an operator. */
export const AttentionBreaker = z.object({
  integration: z.string(),
  state: BreakerState,
  forced: z.enum(['open', 'closed']).nullable(),
  forced_by: z.string().nullable(),
  since: IsoTimestamp.nullable(),
  cause: z.string().nullable(),
});
export type AttentionBreaker = z.infer<typeof AttentionBreaker>;

/** A rule tier whose condition holds but which has not fired yet (a tiered rule's critical tier can wait while its warning fires). */
export const PendingAlert = z.object({
  rule_id: z.string(),
  /** The waiting tier's severity (the rule's own, or `critical`). */
  severity: AlertSeverity,
  message: z.string(),
  /** When the condition started holding. */
  since: IsoTimestamp,
  /** `duration`: the rule's `for` time has not elapsed; `cooldown`: it fired too recently to fire again. */
  waiting_for: z.enum(['duration', 'cooldown']),
  remaining_ms: z.number().int().min(0),
});
export type PendingAlert = z.infer<typeof PendingAlert>;

/** A firing alert whose notifications a silence mutes: still firing, shown with who muted it until when. */
export const SilencedAlert = AlertView.extend({
  silence: z.object({ id: z.string(), ends_at: IsoTimestamp, created_by: z.string(), comment: z.string() }),
});
export type SilencedAlert = z.infer<typeof SilencedAlert>;

/** All alert notifications muted (mute-notifications): nothing is sent to the webhook until `until`. */
export const NotificationsMuted = z.object({
  until: IsoTimestamp,
  by: z.string(),
  reason: z.string(),
  since: IsoTimestamp,
});
export type NotificationsMuted = z.infer<typeof NotificationsMuted>;

/** An operator's switch that is on (pause-intake, disable-agent-actions): who turned it on, when and why. */
export const OperatorSwitch = z.object({
  by: z.string(),
  reason: z.string(),
  since: IsoTimestamp,
});
export type OperatorSwitch = z.infer<typeof OperatorSwitch>;

/** An affiliate whose submissions are throttled (throttle-affiliate) in the caller's workspace. */
export const AttentionThrottle = z.object({
  affiliate_id: z.string(),
  per_minute: z.number().int(),
  /** When it lifts by itself, or null: until lift-affiliate-throttle. */
  until: IsoTimestamp.nullable(),
  by: z.string(),
  reason: z.string(),
  since: IsoTimestamp,
});
export type AttentionThrottle = z.infer<typeof AttentionThrottle>;

/**
 * What needs someone now, as state rather than as firing alerts. Review, blocked and dead-letter counts are the
 * caller's workspace; the queue, breakers and alerts are the engine's (what every workspace shares).
 */
export const Attention = z.object({
  at: IsoTimestamp,
  /** needs_review decisions (no verdict yet): what /review lists. */
  review: z.object({ count: z.number().int(), oldest_at: IsoTimestamp.nullable() }),
  /** Tasks BLOCKED now: what /blocked lists. */
  blocked_tasks: z.number().int(),
  dead_letters: z.number().int(),
  queue_paused: z.boolean(),
  breakers: z.array(AttentionBreaker),
  alerts: z.object({
    firing: z.array(AlertView),
    silenced: z.array(SilencedAlert),
    pending: z.array(PendingAlert),
  }),
  /** null unless an operator muted every notification: a banner on every screen while it holds. */
  notifications_muted: NotificationsMuted.nullable(),
  /** null unless intake is paused: every submission is refused with 503 intake_paused. */
  intake_paused: OperatorSwitch.nullable(),
  /** null unless agent actions are switched off: every agent tool call is blocked. */
  agent_actions_disabled: OperatorSwitch.nullable(),
  affiliate_throttles: z.array(AttentionThrottle),
});
export type Attention = z.infer<typeof Attention>;
