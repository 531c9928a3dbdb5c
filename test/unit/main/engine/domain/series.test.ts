import { describe, expect, it } from 'vitest';
import { RingBuffer, bucketDelta, quantileFromBuckets } from '../../../../../src/main/engine/domain/series';

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.latest()).toBe(5);
    expect(ring.latest(2)).toBe(3);
    expect(ring.latest(3)).toBeUndefined();
    expect(ring.length).toBe(3);
  });
});

describe('quantileFromBuckets', () => {
  const b = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

  it('interpolates inside the bucket the rank falls in, like histogram_quantile', () => {
    // 100 observations: 50 under 0.1, 40 in (0.1, 0.5], 10 in (0.5, 1]
    expect(quantileFromBuckets(b([[0.1, 50], [0.5, 90], [1, 100], [Infinity, 100]]), 0.5)).toBeCloseTo(0.1);
    expect(quantileFromBuckets(b([[0.1, 50], [0.5, 90], [1, 100], [Infinity, 100]]), 0.95)).toBeCloseTo(0.75);
  });

  it('is null without observations and the highest finite bound when the rank is in +Inf', () => {
    expect(quantileFromBuckets(b([[0.1, 0], [Infinity, 0]]), 0.95)).toBeNull();
    expect(quantileFromBuckets(b([[0.1, 1], [1, 1], [Infinity, 10]]), 0.95)).toBe(1);
  });

  it('reads the observations of one step as the difference of two cumulative readings', () => {
    const before = b([[0.1, 10], [1, 20], [Infinity, 20]]);
    const now = b([[0.1, 10], [1, 30], [Infinity, 30]]);
    expect(bucketDelta(now, before)).toEqual(b([[0.1, 0], [1, 10], [Infinity, 10]]));
    expect(quantileFromBuckets(bucketDelta(now, before), 0.5)).toBeCloseTo(0.55);
  });
});
