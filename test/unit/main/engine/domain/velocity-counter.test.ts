import { describe, expect, it } from 'vitest';
import { VelocityCounter } from '../../../../../src/main/engine/domain/velocity-counter';

describe('VelocityCounter', () => {
  it('counts hits on a key within the window, the current one included', () => {
    const counter = new VelocityCounter(1_000);
    expect([0, 100, 500, 999].map((t) => counter.hit('k', t))).toEqual([1, 2, 3, 4]);
  });

  it('drops hits that are a full window old or older', () => {
    const counter = new VelocityCounter(1_000);
    counter.hit('k', 0);
    counter.hit('k', 500);
    expect(counter.hit('k', 1_000)).toBe(2);
    expect(counter.hit('k', 1_600)).toBe(2);
    expect(counter.hit('k', 10_000)).toBe(1);
  });

  it('keeps keys independent', () => {
    const counter = new VelocityCounter(1_000);
    counter.hit('a', 0);
    counter.hit('a', 1);
    expect(counter.hit('b', 2)).toBe(1);
    expect(counter.hit('a', 3)).toBe(3);
  });

  it('defaults to a 60 s window', () => {
    const counter = new VelocityCounter();
    counter.hit('k', 0);
    expect(counter.hit('k', 59_999)).toBe(2);
    expect(counter.hit('k', 60_000 + 59_999)).toBe(1);
  });

  it('is bounded by maxKeys: the oldest key is dropped', () => {
    const counter = new VelocityCounter(60_000, 2);
    counter.hit('a', 0);
    counter.hit('b', 1);
    counter.hit('c', 2);
    // 'a' was evicted, so its history is gone; 'b' and 'c' are still counted.
    expect(counter.hit('b', 3)).toBe(2);
    expect(counter.hit('c', 4)).toBe(2);
    expect(counter.hit('a', 5)).toBe(1);
  });

  it('evicts the least recently seen key, not the first inserted', () => {
    const counter = new VelocityCounter(60_000, 2);
    counter.hit('a', 0);
    counter.hit('b', 1);
    counter.hit('a', 2); // 'a' is now the most recent
    counter.hit('c', 3); // evicts 'b'
    expect(counter.hit('a', 4)).toBe(3);
    expect(counter.hit('b', 5)).toBe(1);
  });
});

describe('VelocityCounter with late events', () => {
  it('counts a late event against its own minute and lets it expire', () => {
    const v = new VelocityCounter(60_000);
    expect(v.hit('k', 50_000)).toBe(1);
    expect(v.hit('k', 10_000)).toBe(1); // late: the 50 s event is after it, not before
    expect(v.hit('k', 100_000)).toBe(2); // 10 s is 90 s old and gone; 50 s still counts
  });
});
