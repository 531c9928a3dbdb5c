import { describe, expect, it } from 'vitest';
import { markRules, ruleOffset } from '../../../../../src/renderer/src/components/policy-upload-marks';

const text = JSON.stringify({ name: 'p', rules: [{ id: 'a.ok' }, { id: 'b.bad' }, { id: 'c.bad' }, { kind: 'x' }] }, null, 2);

describe('marking refused rules in the policy editor', () => {
  it('marks rules the engine names and rules a schema issue points at, by index', () => {
    expect(markRules(text, [{ rule_id: 'b.bad', message: 'syntax error' }], ['rules.3.id', 'name'])).toEqual([
      { index: 0, id: 'a.ok', failed: false },
      { index: 1, id: 'b.bad', failed: true },
      { index: 2, id: 'c.bad', failed: false },
      { index: 3, id: '#4', failed: true },
    ]);
  });

  it('finds where a rule starts in the text, and marks nothing in text that is not JSON', () => {
    expect(text.slice(ruleOffset(text, 'c.bad'))).toMatch(/^"id": "c.bad"/);
    expect(markRules('{ not json', [], [])).toEqual([]);
  });
});
