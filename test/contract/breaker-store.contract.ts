import { expect, it } from 'vitest';
import type { BreakerStore, BreakerStep } from '../../src/main/engine/ports/breaker-store';
import { seededRandom } from '../../src/shared/seeded-random';
import {
  admit,
  applyAction,
  newBreaker,
  recordCall,
  type Admission,
  type BreakerAction,
  type BreakerConfig,
  type BreakerRecord,
  type CallResult,
} from '../../src/main/engine/domain/breaker';

const T0 = 1_700_000_000_000;
const CFG: BreakerConfig = { failureThreshold: 3, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 2 };
const fail = (error = 'HTTP 503', probe = false): CallResult => ({ ok: false, latencyMs: 12, error, probe });
const ok = (probe = false): CallResult => ({ ok: true, latencyMs: 8, probe });


/**
 * What every BreakerStore adapter must do: each step is the domain's (domain/breaker.ts) applied atomically to the
 * shared record. `open(n)` returns n stores on one fresh, empty state, as n processes would see it.
 */
export function breakerStoreContract(open: (connections: number) => BreakerStore[]): void {
  it('a breaker nobody has used reads as a fresh closed breaker and admits calls without probing', async () => {
    const [store] = open(1) as [BreakerStore];
    expect(await store.get('sanctions')).toEqual(newBreaker());
    expect(await store.admit('sanctions', CFG, T0)).toEqual({ allowed: true, probe: false, record: newBreaker(), transition: null });
  });

  it('opens at the failure threshold, rejects until the cooldown, lets exactly the probes through, then closes with no history', async () => {
    const [store] = open(1) as [BreakerStore];
    await store.record('sanctions', CFG, ok(), T0);
    expect((await store.record('sanctions', CFG, fail(), T0 + 1)).transition).toBeNull();
    expect((await store.record('sanctions', CFG, fail(), T0 + 2)).transition).toBeNull();
    const opened = await store.record('sanctions', CFG, fail('timeout'), T0 + 3);
    expect(opened.transition).toEqual({ at: T0 + 3, from: 'CLOSED', to: 'OPEN', cause: '3 failures in 60 s (threshold 3): timeout' });
    expect(opened.record).toMatchObject({ phase: 'OPEN', openedAt: T0 + 3, latencies: [8, 12, 12, 12] });
    expect(await store.get('sanctions')).toEqual(opened.record);

    const early = await store.admit('sanctions', CFG, T0 + 3 + 29_999);
    expect(early).toMatchObject({ allowed: false, probe: false, transition: null });

    const first = await store.admit('sanctions', CFG, T0 + 30_003);
    expect(first).toMatchObject({ allowed: true, probe: true, transition: { from: 'OPEN', to: 'HALF_OPEN', cause: 'cooldown of 30 s elapsed', at: T0 + 30_003 } });
    expect(await store.admit('sanctions', CFG, T0 + 30_004)).toMatchObject({ allowed: true, probe: true, transition: null });
    expect(await store.admit('sanctions', CFG, T0 + 30_005)).toMatchObject({ allowed: false, probe: false, transition: null });

    expect((await store.record('sanctions', CFG, ok(true), T0 + 30_010)).transition).toBeNull();
    const closed = await store.record('sanctions', CFG, ok(true), T0 + 30_011);
    expect(closed.transition).toMatchObject({ from: 'HALF_OPEN', to: 'CLOSED', cause: '2 probe(s) succeeded' });
    expect(closed.record).toMatchObject({ phase: 'CLOSED', buckets: [], probesInFlight: 0, probeSuccesses: 0 });
    expect(await store.get('sanctions')).toEqual(closed.record);
    // The failures from before it opened are gone: one more failure does not reopen it.
    expect((await store.record('sanctions', CFG, fail(), T0 + 30_012)).record.phase).toBe('CLOSED');
  });

  it('a failed probe reopens the breaker at once and restarts the cooldown', async () => {
    const [store] = open(1) as [BreakerStore];
    const cfg = { ...CFG, failureThreshold: 1, openCooldownMs: 1_500, halfOpenProbeCount: 1 };
    await store.record('sanctions', cfg, fail(), T0);
    const probe = await store.admit('sanctions', cfg, T0 + 1_500);
    expect(probe).toMatchObject({ allowed: true, probe: true, transition: { cause: 'cooldown of 1.5 s elapsed' } });
    const reopened = await store.record('sanctions', cfg, { ok: false, latencyMs: 3, probe: true }, T0 + 1_600);
    expect(reopened.transition).toEqual({ at: T0 + 1_600, from: 'HALF_OPEN', to: 'OPEN', cause: 'probe failed: error' });
    expect(reopened.record.openedAt).toBe(T0 + 1_600);
    expect((await store.admit('sanctions', cfg, T0 + 3_000)).allowed).toBe(false);
    expect((await store.admit('sanctions', cfg, T0 + 3_100)).allowed).toBe(true);
  });

  it('opens on the failure rate once enough calls are in the window, and forgets calls older than the window', async () => {
    const [store] = open(1) as [BreakerStore];
    const cfg: BreakerConfig = { ...CFG, failureThreshold: 100, failureRate: 0.5, minCalls: 4 };
    await store.record('x', cfg, fail(), T0);
    await store.record('x', cfg, fail(), T0 + 1);
    // Both failures leave the window: four fresh calls at a 25 % failure rate keep it closed.
    for (const [i, call] of [ok(), ok(), ok(), fail()].entries()) expect((await store.record('x', cfg, call, T0 + 61_000 + i)).transition).toBeNull();
    expect((await store.record('x', cfg, fail('boom'), T0 + 61_010)).transition).toBeNull(); // 2 of 5
    const rated = await store.record('x', cfg, fail('boom'), T0 + 61_011);
    expect(rated.transition?.cause).toBe('failure rate 50 % over 6 calls: boom');
    expect(rated.record.phase).toBe('OPEN');
  });

  it('force-open rejects every call past any cooldown, force-close admits through failures, reset starts over', async () => {
    const [store] = open(1) as [BreakerStore];
    const forced = await store.apply('s', { action: 'force-open', reason: 'vendor maintenance', actor: 'ana' }, T0);
    expect(forced.transition).toEqual({ at: T0, from: 'CLOSED', to: 'OPEN', cause: 'force-open: vendor maintenance' });
    expect(forced.record).toMatchObject({ phase: 'OPEN', forced: 'open', forcedBy: 'ana' });
    expect(await store.admit('s', CFG, T0 + 10 * CFG.openCooldownMs)).toMatchObject({ allowed: false, probe: false, transition: null });

    const held = await store.apply('s', { action: 'force-close', reason: 'we accept the risk', actor: 'bo' }, T0 + 1);
    expect(held.record).toMatchObject({ phase: 'CLOSED', forced: 'closed', forcedBy: 'bo' });
    for (let i = 0; i < 5; i += 1) expect((await store.record('s', CFG, fail(), T0 + 2 + i)).transition).toBeNull();
    expect(await store.admit('s', CFG, T0 + 10)).toMatchObject({ allowed: true, probe: false });

    const reset = await store.apply('s', { action: 'reset', reason: 'over', actor: 'ana' }, T0 + 20);
    expect(reset.transition).toEqual({ at: T0 + 20, from: 'CLOSED', to: 'CLOSED', cause: 'reset: over' });
    expect(reset.record).toEqual({ ...newBreaker(), openedAt: T0, forcedBy: null, lastTransition: reset.transition });
    expect(await store.get('s')).toEqual(reset.record);
  });

  it('keeps the breakers of different integrations apart', async () => {
    const [store] = open(1) as [BreakerStore];
    await store.apply('a', { action: 'force-open', reason: 'r', actor: 'x' }, T0);
    expect((await store.admit('b', CFG, T0)).allowed).toBe(true);
    expect((await store.get('b')).phase).toBe('CLOSED');
  });

  it('agrees with the domain on random sequences of admits, calls, operator actions and time', async () => {
    for (let seed = 1; seed <= 12; seed += 1) {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const cfg: BreakerConfig = {
        failureThreshold: 1 + Math.floor(random() * 4),
        failureRate: random() < 0.5 ? undefined : pick([0.25, 0.5, 0.75]),
        minCalls: 1 + Math.floor(random() * 6),
        windowMs: pick([1_000, 10_000, 60_000, 1_234]),
        openCooldownMs: pick([500, 1_500, 30_000]),
        halfOpenProbeCount: 1 + Math.floor(random() * 3),
      };
      const [store] = open(1) as [BreakerStore];
      let expected: BreakerRecord = newBreaker();
      let now = T0 + Math.floor(random() * 1_000);
      let probesOut = 0;
      for (let step = 0; step < 150; step += 1) {
        now += pick([0, 1, 7, 100, 999, 5_000, 31_000]);
        const roll = random();
        const where = `seed ${seed}, step ${step}`;
        if (roll < 0.4) {
          const want: Admission = admit(expected, cfg, now);
          expect(await store.admit('p', cfg, now), where).toEqual(want);
          expected = want.record;
          if (want.probe) probesOut += 1;
        } else if (roll < 0.94) {
          const probe = probesOut > 0 && random() < 0.7;
          if (probe) probesOut -= 1;
          const call: CallResult = random() < 0.5
            ? { ok: true, latencyMs: Math.floor(random() * 500), probe }
            : { ok: false, latencyMs: Math.floor(random() * 500), probe, error: pick([undefined, 'HTTP 503', 'Grüße "quoted" {} \\ / ✓']) };
          const want: BreakerStep = recordCall(expected, cfg, now, call);
          expect(await store.record('p', cfg, call, now), where).toEqual(want);
          expected = want.record;
        } else {
          const action = pick<BreakerAction>(['force-open', 'force-close', 'reset']);
          const want: BreakerStep = applyAction(expected, action, now, `seed ${seed}`, 'ana');
          expect(await store.apply('p', { action, reason: `seed ${seed}`, actor: 'ana' }, now), where).toEqual(want);
          expected = want.record;
          probesOut = 0;
        }
      }
      expect(await store.get('p')).toEqual(expected);
    }
  });

  it('fifty concurrent admits from several connections in half-open let exactly half_open_probe_count probes through', async () => {
    const stores = open(5);
    const cfg = { ...CFG, failureThreshold: 1, halfOpenProbeCount: 3 };
    await stores[0]?.record('race', cfg, fail(), T0);
    const admissions = await Promise.all(Array.from({ length: 50 }, (_, i) => (stores[i % stores.length] as BreakerStore).admit('race', cfg, T0 + cfg.openCooldownMs + i)));
    expect(admissions.filter((a) => a.allowed && a.probe)).toHaveLength(3);
    expect(admissions.filter((a) => !a.allowed)).toHaveLength(47);
    expect(admissions.filter((a) => a.transition !== null).map((a) => `${a.transition?.from}->${a.transition?.to}`)).toEqual(['OPEN->HALF_OPEN']);
    expect(await stores[1]?.get('race')).toMatchObject({ phase: 'HALF_OPEN', probesInFlight: 3, probeSuccesses: 0 });
  });
}
