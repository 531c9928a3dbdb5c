import { describe, expect, it } from 'vitest';
import { describeCondition, describeLabels } from '../../../../../src/renderer/src/components/alert-condition';

const MIN = 60_000;
const base = { metric: 'blocked_tasks' as const, type: 'threshold' as const, operator: '>' as const, threshold: 10, duration: 10 * MIN, severity: 'warning' as const };

describe('alert rule condition text', () => {
  it('shows a single-tier rule as before: series, operator, threshold and duration', () => {
    expect(describeCondition(base)).toBe('blocked_tasks > 10 for 10 m');
    expect(describeCondition({ ...base, duration: 0, type: 'rate', metric: 'decisions_total' })).toBe('rate(decisions_total) > 10');
  });

  it('shows both tiers of a tiered rule, each with its own threshold and duration', () => {
    expect(describeCondition({ ...base, critical: { threshold: 50, duration: 5 * MIN } })).toBe('blocked_tasks: warning > 10 for 10 m, critical > 50 for 5 m');
    expect(describeCondition({ ...base, severity: 'high', critical: { threshold: 50, duration: 0 } })).toBe('blocked_tasks: high > 10 for 10 m, critical > 50');
  });

  it('lists a rule\'s own labels', () => {
    expect(describeLabels({ team: 'payments', service: 'ledger' })).toBe('team=payments, service=ledger');
    expect(describeLabels(undefined)).toBe('');
  });
});
