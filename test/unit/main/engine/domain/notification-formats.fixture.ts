import type { AlertView } from '../../../../../src/shared/schemas/alerts';

/** An alert as the alert engine hands it to a receiver; override what a test is about. */
export function alertView(o: Partial<AlertView> = {}): AlertView {
  return {
    fingerprint: 'fp-1', rule_id: 'queue-depth', status: 'firing', severity: 'critical', message: 'Queue depth is over 1000',
    metric: 'queue_depth', value: 1200, threshold: 1000, operator: '>', labels: { alertname: 'queue-depth', severity: 'critical', metric: 'queue_depth' },
    starts_at: '2026-12-02T10:00:00.000Z', ends_at: null, acknowledged: null, silenced_by: null,
    ...o,
  };
}
