import { describe, expect, it } from 'vitest';
import { oneLine } from '../../../../../src/main/engine/domain/notification-text';

describe('oneLine', () => {
  it('keeps a short clean text as it is', () => {
    expect(oneLine('Queue depth is over 1000')).toBe('Queue depth is over 1000');
  });

  it('replaces runs of control characters (C0, DEL, C1, line separators) with one space and trims', () => {
    expect(oneLine('\ta\u0007\u007f\u0085b\u2029c\n')).toBe('a b c');
  });

  it('cuts on a code point, never inside a surrogate pair', () => {
    const cut = oneLine('😀'.repeat(20), 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut).toBe(`${'😀'.repeat(9)}…`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
