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

  it('refills when the window ends', async () => {
    const { a } = await pair({ points: 1, durationSeconds: 1 });
    expect(await a.take('short')).toBe(0);
    expect(await a.take('short')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await a.take('short')).toBe(0);
  });

  it('takeWithin: allows the limit given per call in its window, then answers how long until the window ends; two processes share it', async () => {
    const { a, b } = await pair({ points: 1, durationSeconds: 60 });
    const answers = [await a.takeWithin('ws|aff-1', 3, 60_000), await b.takeWithin('ws|aff-1', 3, 60_000), await a.takeWithin('ws|aff-1', 3, 60_000)];
    expect(answers).toEqual([0, 0, 0]);
    const wait = await b.takeWithin('ws|aff-1', 3, 60_000);
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    // Another key, and take()'s budget of the same name, are untouched.
    expect(await a.takeWithin('ws|aff-2', 3, 60_000)).toBe(0);
    expect(await a.take('ws|aff-1')).toBe(0);
    // A higher limit set meanwhile lets the window's next call through.
    expect(await a.takeWithin('ws|aff-1', 10, 60_000)).toBe(0);
  });

  it('takeWithin: fifty calls at once with a limit of seven: exactly seven pass; the window ends on time', async () => {
    const { a, b } = await pair({ points: 1, durationSeconds: 60 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).takeWithin('burst-within', 7, 60_000)));
    expect(answers.filter((w) => w === 0)).toHaveLength(7);
    expect(await a.takeWithin('short-within', 1, 1_000)).toBe(0);
    expect(await a.takeWithin('short-within', 1, 1_000)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await b.takeWithin('short-within', 1, 1_000)).toBe(0);
  });
}
