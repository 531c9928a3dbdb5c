import type { AlertSeverity } from '../../../../shared/schemas/alerts';
import { LEGACY_RECEIVER_NAME, type AlertReceiverConfig, type NotificationFormat } from '../../../../shared/schemas/alert-receivers';
import { receiverBreaker } from './alert-notifier';

export interface ReceiverConfig {
  name: string;
  url: string;
  format: NotificationFormat;
  severities?: readonly AlertSeverity[];
  breaker: string;
  /** Its own deliveries per minute; undefined: the engine-wide DECISIONOS_ALERT_WEBHOOK_MAX_PER_MINUTE. */
  maxPerMinute?: number;
}

/**
 * The receivers a config names: DECISIONOS_ALERT_WEBHOOK_URL as the Alertmanager receiver `webhook` for every
 * severity (as before there were several), then those of DECISIONOS_ALERT_RECEIVERS.
 */
export function alertReceiverConfigs(config: { alertWebhookUrl?: string | undefined; alertReceivers: readonly AlertReceiverConfig[] }): ReceiverConfig[] {
  const legacy: ReceiverConfig[] = config.alertWebhookUrl
    ? [{ name: LEGACY_RECEIVER_NAME, url: config.alertWebhookUrl, format: 'alertmanager', breaker: receiverBreaker(LEGACY_RECEIVER_NAME, true) }]
    : [];
  const listed = config.alertReceivers.map((r) => ({
    name: r.name,
    url: r.url,
    format: r.format,
    ...(r.severities ? { severities: r.severities } : {}),
    breaker: receiverBreaker(r.name, false),
    ...(r.max_per_minute ? { maxPerMinute: r.max_per_minute } : {}),
  }));
  return [...legacy, ...listed];
}
