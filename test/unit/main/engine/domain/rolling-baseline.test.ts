import { describe, expect, it } from 'vitest';
import { RollingBaseline } from '../../../../../src/main/engine/domain/rolling-baseline';

function fed(values: number[], alpha?: number, minSamples?: number): RollingBaseline {
  const baseline = new RollingBaseline(alpha, minSamples);
  for (const v of values) baseline.add(v);
  return baseline;
}

const alternating = (n: number, low: number, high: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? low : high));

describe('RollingBaseline', () => {
  it('counts the samples added', () => {
    expect(fed([1, 2, 3, 4]).count).toBe(4);
    expect(new RollingBaseline().count).toBe(0);
  });

  it('returns a z-score of 0 until it has minSamples samples', () => {
    const baseline = fed(alternating(29, 90, 110));
    expect(baseline.zScore(10_000)).toBe(0);
    baseline.add(100);
    expect(baseline.zScore(10_000)).toBeGreaterThan(3);
  });

  it('honours a custom minSamples', () => {
    const baseline = fed([10, 20, 10, 20], 0.02, 5);
    expect(baseline.zScore(1_000)).toBe(0);
    baseline.add(10);
    expect(baseline.zScore(1_000)).not.toBe(0);
  });

  it('matches the plain mean and population variance while warming up (before 1/n drops below alpha)', () => {
    const values = alternating(30, 90, 110);
    const baseline = fed(values);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    const probe = 130;
    expect(baseline.zScore(probe)).toBeCloseTo((probe - mean) / sd, 6);
  });

  it('gives a positive z-score above the mean and a negative one below it', () => {
    const baseline = fed(alternating(40, 90, 110));
    expect(baseline.zScore(150)).toBeGreaterThan(0);
    expect(baseline.zScore(50)).toBeLessThan(0);
  });

  it('scores a value equal to a constant baseline as 0', () => {
    const baseline = fed(Array.from({ length: 40 }, () => 100));
    expect(baseline.zScore(100)).toBe(0);
  });

  it('scores a value above a constant baseline as a large positive outlier', () => {
    const baseline = fed(Array.from({ length: 40 }, () => 100));
    expect(baseline.zScore(101)).toBeGreaterThanOrEqual(3);
  });

  it('follows drift: after a level shift the new level stops looking anomalous', () => {
    const baseline = fed([...alternating(40, 90, 110), ...alternating(400, 990, 1010)]);
    expect(Math.abs(baseline.zScore(1_000))).toBeLessThan(1);
    expect(baseline.zScore(100)).toBeLessThan(-3);
  });
});

describe('RollingBaseline with no spread', () => {
  it('scores a value below a constant baseline as a negative outlier, not a positive one', () => {
    const b = new RollingBaseline();
    for (let i = 0; i < 30; i += 1) b.add(100);
    expect(b.zScore(1)).toBe(-10);
    expect(b.zScore(500)).toBe(10);
  });
});
