import { describe, expect, it } from 'vitest';
import { admit, applyAction, newBreaker, recordCall, snapshotOf, type BreakerConfig, type BreakerRecord } from '../../../../../src/main/engine/domain/breaker';

const cfg: BreakerConfig = { failureThreshold: 3, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 2 };

function fail(rec: BreakerRecord, now: number, c = cfg) {
  const a = admit(rec, c, now);
  return recordCall(a.record, c, now, { ok: false, latencyMs: 5, error: 'HTTP 503', probe: a.probe });
}

function openAt(now: number): BreakerRecord {
  let rec = newBreaker();
  for (let i = 0; i < 3; i += 1) rec = fail(rec, now + i).record;
  return rec;
}

describe('circuit breaker', () => {
  it('opens when failures in the window reach the threshold, naming the cause', () => {
    let rec = newBreaker();
    rec = fail(rec, 0).record;
    rec = fail(rec, 1).record;
    expect(rec.phase).toBe('CLOSED');
    const third = fail(rec, 2);
    expect(third.record.phase).toBe('OPEN');
    expect(third.transition?.cause).toContain('3 failures');
    expect(third.transition?.cause).toContain('HTTP 503');
  });

  it('forgets failures older than the window', () => {
    let rec = newBreaker();
    rec = fail(rec, 0).record;
    rec = fail(rec, 1).record;
    rec = fail(rec, 70_000).record;
    expect(rec.phase).toBe('CLOSED');
  });

  it('rejects every call while open, before the cooldown', () => {
    const rec = openAt(0);
    for (const t of [10, 15_000, 29_999]) expect(admit(rec, cfg, t).allowed).toBe(false);
    expect(snapshotOf(rec, cfg, 10).next_probe_at).toBe(new Date(2 + 30_000).toISOString());
  });

  it('lets exactly half_open_probe_count probes through after the cooldown', () => {
    let rec = openAt(0);
    const first = admit(rec, cfg, 40_000);
    expect(first).toMatchObject({ allowed: true, probe: true });
    expect(first.transition).toMatchObject({ from: 'OPEN', to: 'HALF_OPEN' });
    rec = first.record;
    const second = admit(rec, cfg, 40_001);
    expect(second.allowed).toBe(true);
    rec = second.record;
    expect(admit(rec, cfg, 40_002).allowed).toBe(false);
  });

  it('closes when every probe succeeds, and reopens when one fails', () => {
    let rec = openAt(0);
    let a = admit(rec, cfg, 40_000);
    rec = recordCall(a.record, cfg, 40_000, { ok: true, latencyMs: 3, probe: true }).record;
    expect(rec.phase).toBe('HALF_OPEN');
    a = admit(rec, cfg, 40_001);
    const closed = recordCall(a.record, cfg, 40_001, { ok: true, latencyMs: 3, probe: true });
    expect(closed.record.phase).toBe('CLOSED');
    expect(closed.transition?.cause).toBe('2 probe(s) succeeded');
    // A fresh start: one failure after closing does not reopen it.
    expect(fail(closed.record, 40_002).record.phase).toBe('CLOSED');

    let again = openAt(100_000);
    const probe = admit(again, cfg, 140_000);
    again = recordCall(probe.record, cfg, 140_000, { ok: false, latencyMs: 9, error: 'timeout', probe: true }).record;
    expect(again.phase).toBe('OPEN');
    expect(again.lastTransition?.cause).toBe('probe failed: timeout');
    expect(admit(again, cfg, 140_001).allowed).toBe(false);
  });

  it('opens on the failure rate once enough calls are in the window', () => {
    const rateCfg = { ...cfg, failureThreshold: 100, failureRate: 0.5, minCalls: 4 };
    let rec = newBreaker();
    rec = recordCall(rec, rateCfg, 0, { ok: true, latencyMs: 1, probe: false }).record;
    rec = recordCall(rec, rateCfg, 1, { ok: true, latencyMs: 1, probe: false }).record;
    rec = fail(rec, 2, rateCfg).record;
    expect(rec.phase).toBe('CLOSED'); // 3 calls: under minCalls
    const opened = fail(rec, 3, rateCfg);
    expect(opened.record.phase).toBe('OPEN');
    expect(opened.transition?.cause).toContain('failure rate 50 %');
  });

  it('holds a forced state until reset, whatever the calls do', () => {
    let rec = applyAction(newBreaker(), 'force-open', 0, 'upstream maintenance', 'ana').record;
    expect(admit(rec, cfg, 10_000_000).allowed).toBe(false);
    expect(rec.lastTransition?.cause).toBe('force-open: upstream maintenance');
    expect(snapshotOf(rec, cfg, 1).forced_by).toBe('ana');
    rec = applyAction(rec, 'force-close', 1, 'vendor confirmed fix', 'ana').record;
    for (let i = 0; i < 10; i += 1) rec = fail(rec, 2 + i).record;
    expect(rec.phase).toBe('CLOSED');
    const reset = applyAction(rec, 'reset', 20, 'back to automatic', 'ana');
    expect(reset.record.forced).toBeNull();
    expect(snapshotOf(reset.record, cfg, 21).forced_by).toBeNull();
    expect(snapshotOf(reset.record, cfg, 21)).toMatchObject({ state: 'CLOSED', failures: 0, successes: 0 });
  });

  it('reports window counts and latency percentiles in the snapshot', () => {
    let rec = newBreaker();
    for (const ms of [10, 20, 30, 40]) rec = recordCall(rec, cfg, 5, { ok: true, latencyMs: ms, probe: false }).record;
    rec = fail(rec, 6).record;
    const snap = snapshotOf(rec, cfg, 7);
    expect(snap).toMatchObject({ state: 'CLOSED', successes: 4, failures: 1 });
    expect(snap.latency_ms).toEqual({ p50: 20, p95: 40, max: 40 });
  });
});
