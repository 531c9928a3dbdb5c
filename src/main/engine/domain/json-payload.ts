import type { AlertView } from '../../../shared/schemas/alerts';
import { alertAnnotations, groupStatus } from './notification-text';

/** A plain JSON notification for receivers that are neither Alertmanager- nor Slack-shaped. */
export function jsonPayload(alerts: readonly AlertView[], o: { receiver: string }) {
  return {
    receiver: o.receiver,
    status: groupStatus(alerts),
    alerts: alerts.map((a) => ({
      status: a.status,
      severity: a.severity,
      rule: a.rule_id,
      labels: a.labels,
      annotations: alertAnnotations(a),
      starts_at: a.starts_at,
      ends_at: a.ends_at,
      fingerprint: a.fingerprint,
    })),
  };
}
