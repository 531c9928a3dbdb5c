import { describe, expect, it } from 'vitest';
import { RateWindows } from '../../../../../src/main/engine/domain/rate-window';

const T0 = 1_700_000_000_000;

describe('RateWindows', () => {
  it('allows `limit` calls in a window, then returns a positive wait no longer than the window', () => {
    const limit = 3;
    const windowMs = 10_000;
    const rw = new RateWindows(limit, windowMs);
    const results = Array.from({ length: limit }, (_, i) => rw.take('k', T0 + i));
    expect(results).toEqual(Array.from({ length: limit }, () => 0));
    const wait = rw.take('k', T0 + limit);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(windowMs);
  });

  it('returns the time left until the window that started with the first call ends', () => {
    const rw = new RateWindows(1, 10_000);
    rw.take('k', T0);
    expect(rw.take('k', T0 + 2_500)).toBe(7_500);
    expect(rw.take('k', T0 + 9_999)).toBe(1);
  });

  it('keeps refusing without consuming budget while over the limit', () => {
    const rw = new RateWindows(2, 10_000);
    rw.take('k', T0);
    rw.take('k', T0);
    for (let i = 1; i <= 5; i += 1) expect(rw.take('k', T0 + i)).toBeGreaterThan(0);
    expect(rw.take('k', T0 + 10_000)).toBe(0);
  });

  it('resets once the window has passed', () => {
    const rw = new RateWindows(2, 10_000);
    rw.take('k', T0);
    rw.take('k', T0 + 1);
    expect(rw.take('k', T0 + 9_999)).toBeGreaterThan(0);
    expect(rw.take('k', T0 + 10_000)).toBe(0);
    expect(rw.take('k', T0 + 10_001)).toBe(0);
    expect(rw.take('k', T0 + 10_002)).toBeGreaterThan(0);
  });

  it('keeps keys independent', () => {
    const rw = new RateWindows(1, 10_000);
    expect(rw.take('ws-a', T0)).toBe(0);
    expect(rw.take('ws-a', T0 + 1)).toBeGreaterThan(0);
    expect(rw.take('ws-b', T0 + 2)).toBe(0);
    expect(rw.take('ws-b', T0 + 3)).toBeGreaterThan(0);
  });

  it('defaults to a one-minute window', () => {
    const rw = new RateWindows(1);
    rw.take('k', T0);
    expect(rw.take('k', T0)).toBe(60_000);
    expect(rw.take('k', T0 + 60_000)).toBe(0);
  });
});
