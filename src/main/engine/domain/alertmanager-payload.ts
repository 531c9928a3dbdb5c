import type { AlertView } from '../../../shared/schemas/alerts';
import { alertAnnotations, alertLink, groupStatus } from './notification-text';

/** Alertmanager's "zero time": what it sends as endsAt for an alert still firing. */
const NOT_ENDED = '0001-01-01T00:00:00Z';

function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/**
 * A notification in the Alertmanager webhook format (version 4), so receivers written for Alertmanager
 * (Slack bridges, PagerDuty, custom hooks) take it unchanged. One payload groups every alert of a delivery.
 */
export function alertmanagerPayload(alerts: readonly AlertView[], o: { receiver: string; externalUrl: string }) {
  const items = alerts.map((a) => ({
    status: a.status,
    labels: a.labels,
    annotations: alertAnnotations(a),
    startsAt: a.starts_at,
    endsAt: a.ends_at ?? NOT_ENDED,
    generatorURL: alertLink(o.externalUrl, a),
    fingerprint: a.fingerprint,
  }));
  return {
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    status: groupStatus(alerts),
    receiver: o.receiver,
    groupLabels: {},
    commonLabels: common(items.map((i) => i.labels)),
    commonAnnotations: common(items.map((i) => i.annotations)),
    externalURL: o.externalUrl,
    alerts: items,
  };
}
