import { describe, expect, it } from 'vitest';
import { childPath, copyableValue, JSON_ROOT } from '../../../../../src/renderer/src/components/json-path';

describe('JSON paths for the payload tree', () => {
  it('builds the runbooks’ path form for keys and array items', () => {
    const findings = childPath(childPath(JSON_ROOT, 'decision_snapshot'), 'findings');
    expect(childPath(childPath(findings, 0), 'code')).toBe('$.decision_snapshot.findings[0].code');
  });

  it('quotes keys that are not plain identifiers', () => {
    expect(childPath('$.inputs', 'card-country')).toBe('$.inputs["card-country"]');
    expect(childPath('$', 'a"b')).toBe('$["a\\"b"]');
  });

  it('copies a string as its text and anything else as JSON', () => {
    expect(copyableValue('amount_over_hard_limit')).toBe('amount_over_hard_limit');
    expect(copyableValue(4.2)).toBe('4.2');
    expect(copyableValue({ code: 'x' })).toBe('{\n  "code": "x"\n}');
  });
});
