import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../../src/main/engine/cli/args';
import { parseParams, progressBar } from '../../../../../src/main/engine/cli/action-command';

describe('parseParams', () => {
  it('reads a value as JSON when it parses (numbers, arrays) and as the string typed otherwise', () => {
    expect(parseParams(['n=3', 'ids=["a","b"]', 'code=MISSING_DOC', 'empty=', 'eq=a=b'])).toEqual({
      n: 3,
      ids: ['a', 'b'],
      code: 'MISSING_DOC',
      empty: '',
      eq: 'a=b',
    });
  });

  it('refuses a pair without a key or an equals sign as a usage error', () => {
    expect(() => parseParams(['novalue'])).toThrow(UsageError);
    expect(() => parseParams(['=3'])).toThrow(UsageError);
  });
});

describe('progressBar', () => {
  it('fills in proportion to done of total, full when there was nothing to do', () => {
    expect(progressBar(5, 10, 10)).toBe('[#####-----] 5/10');
    expect(progressBar(0, 0, 4)).toBe('[####] 0/0');
  });
});
