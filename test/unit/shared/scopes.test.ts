import { describe, expect, it } from 'vitest';
import { hasScope } from '../../../src/shared/scopes';

describe('hasScope', () => {
  it('admin implies every workspace scope but not system', () => {
    for (const scope of ['read', 'submit', 'review', 'operate', 'admin'] as const) expect(hasScope(['admin'], scope)).toBe(true);
    expect(hasScope(['admin'], 'system')).toBe(false);
  });

  it('system is granted only by itself, and does not imply the workspace scopes', () => {
    expect(hasScope(['system'], 'system')).toBe(true);
    expect(hasScope(['system'], 'admin')).toBe(false);
    expect(hasScope(['read'], 'public')).toBe(true);
  });
});
