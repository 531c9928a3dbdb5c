import { describe, expect, it } from 'vitest';
import { bucketOf, bucketUpperBound, emptyHistogram, histogramPercentile, merge, observe } from '../../../../../src/main/engine/domain/lag-histogram';

describe('lag histogram', () => {
  it('reads percentiles within 5 % of the exact nearest-rank value', () => {
    const h = emptyHistogram();
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 3.7);
    for (const v of values) observe(h, v);
    for (const p of [50, 95, 99]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1] as number;
      const read = histogramPercentile(h, p) as number;
      expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(0.05);
    }
    expect(h.max).toBe(3700);
    expect(h.sum / h.count).toBeCloseTo(1851.85, 2);
  });

  it('never reports a percentile above the exact maximum', () => {
    const h = emptyHistogram();
    observe(h, 101);
    expect(histogramPercentile(h, 99)).toBe(101);
  });

  it('merges like adding the observations to one histogram', () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    const both = emptyHistogram();
    [1, 5, 9].forEach((v) => (observe(a, v), observe(both, v)));
    [250, 3].forEach((v) => (observe(b, v), observe(both, v)));
    expect(merge(a, b)).toEqual(both);
  });

  it('puts zero and negative lag in bucket 0 and every value under its bucket bound', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-3)).toBe(0);
    for (const v of [0.4, 1, 17, 999, 123_456]) expect(bucketUpperBound(bucketOf(v))).toBeGreaterThanOrEqual(v - 1e-9);
  });

  it('answers null for an empty histogram', () => {
    expect(histogramPercentile(emptyHistogram(), 50)).toBeNull();
  });
});
