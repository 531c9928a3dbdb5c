import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../../../../src/renderer/src/components/policy-diff';
import type { PolicyDocument, PolicyRule } from '../../../../../src/shared/schemas/policy';

const rule = (id: string, over: Partial<PolicyRule> = {}): PolicyRule => ({
  id, kind: 'threshold', applies_to: ['payment_fraud_check'], expression: 'inputs.amount > 10000', code: `${id.replace(/[.-]/g, '_')}_code`, severity: 'medium', message: 'm', ...over,
});
const doc = (rules: PolicyRule[], name = 'p'): PolicyDocument => ({ name, rules });

describe('diffPolicies', () => {
  it('reports an edited expression as that one field of that one rule', () => {
    const d = diffPolicies(doc([rule('a'), rule('b')]), doc([rule('a'), rule('b', { expression: 'inputs.amount > 20000' })]));
    expect(d.rules).toEqual([{ rule_id: 'b', change: 'changed', fields: [{ field: 'expression', before: 'inputs.amount > 10000', after: 'inputs.amount > 20000' }] }]);
    expect(d.unchanged).toBe(1);
    expect(d.header).toEqual([]);
  });

  it('matches rules by id, so reordering is no change', () => {
    const d = diffPolicies(doc([rule('a'), rule('b')]), doc([rule('b'), rule('a')]));
    expect(d.rules).toEqual([]);
    expect(d.unchanged).toBe(2);
  });

  it('lists added and removed rules and a renamed policy', () => {
    const d = diffPolicies(doc([rule('a'), rule('gone')], 'v1'), doc([rule('a'), rule('new', { applies_to: ['reconciliation'] })], 'v2'));
    expect(d.rules.map((r) => [r.rule_id, r.change])).toEqual([['gone', 'removed'], ['new', 'added']]);
    expect(d.header).toEqual([{ field: 'name', before: 'v1', after: 'v2' }]);
  });

  it('shows array fields such as applies_to as JSON', () => {
    const d = diffPolicies(doc([rule('a')]), doc([rule('a', { applies_to: ['payment_fraud_check', 'reconciliation'] })]));
    expect(d.rules[0]).toMatchObject({ fields: [{ field: 'applies_to', before: '["payment_fraud_check"]', after: '["payment_fraud_check","reconciliation"]' }] });
  });
});
