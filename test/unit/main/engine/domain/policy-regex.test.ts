import { describe, expect, it } from 'vitest';
import { cachedRegexCount, regexMatches, regexProblem } from '../../../../../src/main/engine/domain/policy-regex';

describe('regexMatches (RE2)', () => {
  it('is a partial match, as CEL specifies: anchors only where the pattern says so', () => {
    expect(regexMatches('order-1234', '[0-9]+')).toBe(true);
    expect(regexMatches('order-1234', '^[0-9]+$')).toBe(false);
  });

  it("answers a backtracking pattern on 45 a's and a b in linear time", () => {
    const started = performance.now();
    expect(regexMatches(`${'a'.repeat(45)}b`, '^(a|aa)+$')).toBe(false);
    expect(regexMatches('a'.repeat(10_000), '^(a|aa)+$')).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('throws for a pattern RE2 cannot compile', () => {
    expect(() => regexMatches('aa', '(a)\\1')).toThrow(/invalid escape/);
  });
});

describe('regexProblem', () => {
  it('is null for an RE2 pattern and names the problem for backreferences and lookaround', () => {
    expect(regexProblem('(?i)^[a-z]+\\d{2,4}$')).toBeNull();
    expect(regexProblem('(a)\\1')).toMatch(/\\1/);
    expect(regexProblem('a(?=b)')).toMatch(/\(\?=/);
    expect(regexProblem('(?<!a)b')).not.toBeNull();
  });
});

describe('compiled pattern cache', () => {
  it('keeps at most 256 patterns however many distinct ones are used', () => {
    for (let i = 0; i < 1_000; i += 1) regexMatches(`x${i}`, `^x${i}$`);
    expect(cachedRegexCount()).toBe(256);
  });
});
