import type { AlertRuleDefinition } from '../../../shared/schemas/alerts';

const forText = (ms: number) => (ms ? ` for ${ms / 60_000} m` : '');

/**
 * A rule's condition as the rules list shows it: `metric > 100 for 5 m`, or for a tiered rule
 * `metric: warning > 10 for 10 m, critical > 50 for 10 m` (each tier with its own threshold and duration).
 */
export function describeCondition(r: Pick<AlertRuleDefinition, 'metric' | 'type' | 'operator' | 'threshold' | 'duration' | 'severity' | 'critical'>): string {
  const series = r.type === 'rate' ? `rate(${r.metric})` : r.metric;
  if (!r.critical) return `${series} ${r.operator} ${r.threshold}${forText(r.duration)}`;
  return `${series}: ${r.severity} ${r.operator} ${r.threshold}${forText(r.duration)}, critical ${r.operator} ${r.critical.threshold}${forText(r.critical.duration)}`;
}

/** A rule's own labels as `team=payments, service=ledger` ('' when it has none). */
export function describeLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}
