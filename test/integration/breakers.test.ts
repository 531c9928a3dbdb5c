import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteBreakerStore } from '../../src/main/engine/adapters/sqlite/sqlite-breaker-store';
import { Breakers, BreakerOpenError } from '../../src/main/engine/services/integrations/breakers';
import type { BreakerTransition } from '../../src/main/engine/domain/breaker';
import { tempDataDir } from '../fixtures/engine';

/** An upstream on loopback that answers 200 or 503 on command, and counts what reached it. */
let mode: 'ok' | 'fail' = 'ok';
let hits = 0;
let delayMs = 0;
const upstream = http.createServer((_req, res) => {
  hits += 1;
  setTimeout(() => {
    res.writeHead(mode === 'ok' ? 200 : 503);
    res.end(mode);
  }, delayMs);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

async function fetchReport(): Promise<string> {
  const r = await fetch(`${base}/report`);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.text();
}

describe('breakers shared by two workers through the SQLite breaker store', () => {
  it('opens after the threshold, rejects without calling, lets exactly the probes through, closes and reopens', async () => {
    const file = path.join(tempDataDir('dos-breaker-'), 'decisionos.sqlite');
    const clock = { t: 1_000_000, now() { return this.t; } };
    const cfg = new Map([['platform-report', { failureThreshold: 3, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 2 }]]);
    const transitions: string[] = [];
    const log = (_: string, t: BreakerTransition) => transitions.push(`${t.from}->${t.to}`);
    // Two workers: separate connections to one database file, as separate processes would have.
    const a = new Breakers(createSqliteBreakerStore(openDatabase(file)), clock, cfg, log);
    const b = new Breakers(createSqliteBreakerStore(openDatabase(file)), clock, cfg, log);

    mode = 'fail';
    for (const w of [a, b, a]) await expect(w.call('platform-report', fetchReport)).rejects.toThrow('HTTP 503');
    expect(hits).toBe(3);
    expect((await b.snapshot('platform-report')).state).toBe('OPEN');

    // Open: neither worker reaches the upstream.
    await expect(b.call('platform-report', fetchReport)).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(a.call('platform-report', fetchReport)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(hits).toBe(3);

    // After the cooldown, three concurrent calls from both workers: exactly two probes go out.
    clock.t += 30_000;
    mode = 'ok';
    delayMs = 50;
    const results = await Promise.allSettled([a.call('platform-report', fetchReport), b.call('platform-report', fetchReport), a.call('platform-report', fetchReport)]);
    delayMs = 0;
    expect(hits).toBe(5);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof BreakerOpenError)).toHaveLength(1);
    expect((await a.snapshot('platform-report')).state).toBe('CLOSED');

    // Failing again reopens it; after the cooldown a failed probe reopens it at once.
    mode = 'fail';
    for (const w of [b, b, a]) await expect(w.call('platform-report', fetchReport)).rejects.toThrow('HTTP 503');
    clock.t += 30_000;
    await expect(a.call('platform-report', fetchReport)).rejects.toThrow('HTTP 503');
    const snap = await b.snapshot('platform-report');
    expect(snap.state).toBe('OPEN');
    expect(snap.last_transition?.cause).toBe('probe failed: HTTP 503');
    expect(transitions).toEqual(['CLOSED->OPEN', 'OPEN->HALF_OPEN', 'HALF_OPEN->CLOSED', 'CLOSED->OPEN', 'OPEN->HALF_OPEN', 'HALF_OPEN->OPEN']);
  });

  it('keeps an operator action (force-open, with its reason) for every worker until reset', async () => {
    const file = path.join(tempDataDir('dos-breaker-'), 'decisionos.sqlite');
    const clock = { now: () => 5_000_000 };
    const cfg = new Map([['sanctions', { failureThreshold: 3, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 1 }]]);
    const a = new Breakers(createSqliteBreakerStore(openDatabase(file)), clock, cfg);
    const b = new Breakers(createSqliteBreakerStore(openDatabase(file)), clock, cfg);
    const forced = await a.act('sanctions', 'force-open', 'vendor maintenance window', 'ana');
    expect(forced).toMatchObject({ state: 'OPEN', forced: 'open' });
    mode = 'ok';
    const before = hits;
    await expect(b.call('sanctions', fetchReport)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(hits).toBe(before);
    await b.act('sanctions', 'reset', 'maintenance over', 'ana');
    await expect(a.call('sanctions', fetchReport)).resolves.toBe('ok');
  });
});
