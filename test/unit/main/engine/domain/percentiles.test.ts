import { describe, expect, it } from 'vitest';
import { percentileSorted, summarize } from '../../../../../src/main/engine/domain/percentiles';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentileSorted', () => {
  it('uses nearest rank on 1..100: p50=50, p95=95, p99=99, p100=100', () => {
    expect(percentileSorted(oneToHundred, 50)).toBe(50);
    expect(percentileSorted(oneToHundred, 95)).toBe(95);
    expect(percentileSorted(oneToHundred, 99)).toBe(99);
    expect(percentileSorted(oneToHundred, 100)).toBe(100);
  });

  it('rounds the rank up on a small array', () => {
    // n = 4: p50 -> rank 2, p51 -> rank ceil(2.04) = 3.
    expect(percentileSorted([10, 20, 30, 40], 50)).toBe(20);
    expect(percentileSorted([10, 20, 30, 40], 51)).toBe(30);
  });

  it('clamps p=0 to the first element', () => {
    expect(percentileSorted([3, 7, 9], 0)).toBe(3);
  });

  it('returns the only element of a one-element array for every p', () => {
    for (const p of [0, 1, 50, 99, 100]) expect(percentileSorted([42], p)).toBe(42);
  });

  it('returns null for an empty array', () => {
    expect(percentileSorted([], 50)).toBeNull();
  });

  it('accepts typed arrays', () => {
    expect(percentileSorted(Float64Array.from(oneToHundred), 95)).toBe(95);
  });
});

describe('summarize', () => {
  it('gives count, average, percentiles and max of unsorted values', () => {
    const shuffled = [...oneToHundred].reverse();
    shuffled.push(...shuffled.splice(0, 37));
    const summary = summarize(Float64Array.from(shuffled));
    expect(summary).toEqual({ count: 100, avg: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('sorts numerically, not lexically', () => {
    const summary = summarize(Float64Array.from([100, 9, 20, 3]));
    expect(summary.max).toBe(100);
    expect(summary.p50).toBe(9);
  });

  it('averages fractional values', () => {
    const summary = summarize(Float64Array.from([0.5, 1.5, 4]));
    expect(summary.avg).toBeCloseTo(2, 12);
    expect(summary.max).toBe(4);
  });

  it('gives nulls and a zero count for no values', () => {
    expect(summarize(new Float64Array(0))).toEqual({ count: 0, avg: null, p50: null, p95: null, p99: null, max: null });
  });
});
