import { expect, it } from 'vitest';
import type { RateLimiter } from '../../src/main/engine/ports/rate-limiter';

/** Two limiters on one store (two processes), with this budget per key. */
export type LimiterPair = (o: { points: number; durationSeconds: number }) => Promise<{ a: RateLimiter; b: RateLimiter }>;

/** What every RateLimiter adapter must do: the per-workspace submit and trace budgets rely on it. */
export function rateLimiterContract(pair: LimiterPair): void {
  it('allows the budget, then answers how long until it refills', async () => {
    const { a } = await pair({ points: 3, durationSeconds: 60 });
    expect([await a.take('ws|submit'), await a.take('ws|submit'), await a.take('ws|submit')]).toEqual([0, 0, 0]);
    const wait = await a.take('ws|submit');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('keeps one budget per key', async () => {
    const { a } = await pair({ points: 1, durationSeconds: 60 });
    expect(await a.take('ws-a|submit')).toBe(0);
    expect(await a.take('ws-b|submit')).toBe(0);
    expect(await a.take('ws-a|trace')).toBe(0);
    expect(await a.take('ws-a|submit')).toBeGreaterThan(0);
  });

  it('two processes draw on the same budget', async () => {
    const { a, b } = await pair({ points: 4, durationSeconds: 60 });
    const answers = [await a.take('k'), await b.take('k'), await a.take('k'), await b.take('k'), await b.take('k'), await a.take('k')];
    expect(answers.filter((w) => w === 0)).toHaveLength(4);
    expect(answers.slice(4).every((w) => w > 0)).toBe(true);
  });

  it('fifty calls at once with a budget of ten: exactly ten pass', async () => {
    const { a, b } = await pair({ points: 10, durationSeconds: 60 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).take('burst')));
    expect(answers.filter((w) => w === 0)).toHaveLength(10);
  });

  it("holds a key to its own budget when the call gives one, lower or higher than the limiter's, counting the calls already made", async () => {
    const { a, b } = await pair({ points: 3, durationSeconds: 60 });
    expect([await a.take('low'), await b.take('low')]).toEqual([0, 0]);
    // Lowered to 2 after two calls: the next is over.
    expect(await a.take('low', 2)).toBeGreaterThan(55_000);
    const high = [];
    for (let i = 0; i < 6; i += 1) high.push(await (i % 2 ? a : b).take('high', 5));
    expect(high.map((w) => w === 0)).toEqual([true, true, true, true, true, false]);
    expect(await a.take('other')).toBe(0);
  });

  it('refills when the window ends', async () => {
    const { a } = await pair({ points: 1, durationSeconds: 1 });
    expect(await a.take('short')).toBe(0);
    expect(await a.take('short')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await a.take('short')).toBe(0);
  });

  it('a budget given per call (an affiliate throttle) holds under fifty calls at once from two processes: exactly seven pass', async () => {
    const { a, b } = await pair({ points: 1_000, durationSeconds: 60 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).take('affiliate|ws|aff-1', 7)));
    expect(answers.filter((w) => w === 0)).toHaveLength(7);
    expect(answers.filter((w) => w > 0).every((w) => w > 55_000 && w <= 60_000)).toBe(true);
  });
}
