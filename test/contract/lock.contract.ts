import { expect, it } from 'vitest';
import type { Lock } from '../../src/main/engine/ports/lock';

/** Two handles on one lock store (two processes) sharing a clock the test moves. */
export type LockPair = () => { a: Lock; b: Lock; advance(ms: number): void };

/** What every Lock must do: the alert engine's single leader relies on it. */
export function lockContract(pair: LockPair): void {
  it('one holder at a time; the holder renews, the other is refused', async () => {
    const { a, b } = pair();
    expect(await a.acquire('alerts', 'p1', 10_000)).toBe(true);
    expect(await b.acquire('alerts', 'p2', 10_000)).toBe(false);
    expect(await a.acquire('alerts', 'p1', 10_000)).toBe(true);
    expect(await b.acquire('other-lock', 'p2', 10_000)).toBe(true);
  });

  it('a lease that ran out passes to the next process that asks', async () => {
    const { a, b, advance } = pair();
    await a.acquire('alerts', 'p1', 10_000);
    advance(9_999);
    expect(await b.acquire('alerts', 'p2', 10_000)).toBe(false);
    advance(2);
    expect(await b.acquire('alerts', 'p2', 10_000)).toBe(true);
    expect(await a.acquire('alerts', 'p1', 10_000)).toBe(false);
  });

  it('only the holder releases; after a release another takes it at once', async () => {
    const { a, b } = pair();
    await a.acquire('alerts', 'p1', 10_000);
    expect(await b.release('alerts', 'p2')).toBe(false);
    expect(await b.acquire('alerts', 'p2', 10_000)).toBe(false);
    expect(await a.release('alerts', 'p1')).toBe(true);
    expect(await a.release('alerts', 'p1')).toBe(false);
    expect(await b.acquire('alerts', 'p2', 10_000)).toBe(true);
  });

  it('ten processes asking at once: exactly one gets it', async () => {
    const { a, b } = pair();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).acquire('race', `p${i}`, 10_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
}
