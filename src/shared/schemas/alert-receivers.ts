import { z } from 'zod';
import { AlertSeverity } from './alerts';

/** How a receiver wants its notifications: Alertmanager's webhook, Slack's `{"text"}`, or a plain JSON object. */
export const NOTIFICATION_FORMATS = ['alertmanager', 'slack', 'json'] as const;
export const NotificationFormat = z.enum(NOTIFICATION_FORMATS);
export type NotificationFormat = z.infer<typeof NotificationFormat>;

/** The receiver DECISIONOS_ALERT_WEBHOOK_URL makes (Alertmanager format, every severity); a file may not reuse its name. */
export const LEGACY_RECEIVER_NAME = 'webhook';

export const AlertReceiverConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ and - (max 32)')
    .refine((n) => n !== LEGACY_RECEIVER_NAME, `"${LEGACY_RECEIVER_NAME}" is the receiver of DECISIONOS_ALERT_WEBHOOK_URL; pick another name`),
  url: z.url({ protocol: /^https?$/, error: 'not an http(s) URL' }),
  format: NotificationFormat.default('alertmanager'),
  /** Only alerts of these severities go to this receiver; absent: all of them. */
  severities: z.array(AlertSeverity).min(1, 'list at least one severity, or leave the field out for all').optional(),
  /** Deliveries per minute to this receiver; absent: DECISIONOS_ALERT_WEBHOOK_MAX_PER_MINUTE. */
  max_per_minute: z.number().int().min(1).max(600).optional(),
});
export type AlertReceiverConfig = z.infer<typeof AlertReceiverConfig>;

export const AlertReceiversFile = z.strictObject({ receivers: z.array(AlertReceiverConfig).min(1).max(20) }).refine(
  (f) => new Set(f.receivers.map((r) => r.name)).size === f.receivers.length,
  'receiver names must be unique',
);
