import { describe, expect, it } from 'vitest';
import { benchTable } from '../../../../../src/main/engine/domain/bench-table';
import { loadtestReport, loadtestRows, type LoadtestInput } from '../../../../../src/main/engine/domain/loadtest-report';

const input = (over: Partial<LoadtestInput> = {}): LoadtestInput => ({
  target: 'http://127.0.0.1:1',
  rate: 10,
  durationMs: 1000,
  maxInFlight: 5,
  scheduled: 10,
  skippedAtCap: 2,
  maxLatenessMs: 3.14,
  elapsedMs: 2000,
  samples: [
    { status: 202, ms: 10 },
    { status: 202, ms: 20 },
    { status: 200, ms: 30 },
    { status: 429, ms: 5 },
    { status: 429, ms: 6 },
    { status: 503, ms: 7 },
    { status: null, ms: 30_000 },
    { status: 202, ms: 40 },
  ],
  lag: { sampled: 4, terminal: 3, lagsMs: [100, 300, 200] },
  ...over,
});

describe('loadtestReport', () => {
  it('counts 2xx as accepted, other answers as refused by status, and no answer as an error', () => {
    const r = loadtestReport(input());
    expect([r.sent, r.accepted, r.refused, r.errors, r.skipped_at_cap]).toEqual([8, 4, { 429: 2, 503: 1 }, 1, 2]);
    expect(r.accepted_per_s).toBe(2);
  });

  it('takes submit latency from answered requests only, and orders its percentiles', () => {
    const r = loadtestReport(input());
    expect(r.submit_ms.count).toBe(7);
    expect(r.submit_ms.max).toBe(40);
    expect(r.submit_ms.p50! <= r.submit_ms.p95! && r.submit_ms.p95! <= r.submit_ms.p99! && r.submit_ms.p99! <= r.submit_ms.max!).toBe(true);
    expect(r.decision_lag).toMatchObject({ sampled: 4, terminal: 3, ms: { p50: 200, max: 300 } });
  });

  it('reports no percentiles rather than zeros when nothing was answered', () => {
    const r = loadtestReport(input({ samples: [{ status: null, ms: 1 }], lag: { sampled: 0, terminal: 0, lagsMs: [] } }));
    expect(r.submit_ms.p50).toBeNull();
    expect(r.accepted_per_s).toBe(0);
  });
});

describe('loadtestRows', () => {
  it('prints in the npm run bench table, naming refusals, the cap and the percentiles', () => {
    const table = benchTable(loadtestRows(loadtestReport(input())));
    const lines = table.split('\n');
    expect(lines[0]).toBe('| benchmark | measured | target | met |');
    expect(table).toContain('4 accepted; refused: 2× 429, 1× 503; no answer: 1');
    expect(table).toContain('hit: 2 requests not sent (cap 5)');
    expect(table).toMatch(/loadtest decision lag \(3 of 4 sampled decisions terminal\) \| p50 200 \/ p95 300 \/ p99 300 \/ max 300 ms/);
    expect(lines.slice(2).every((l) => l.endsWith('| — | — |'))).toBe(true);
  });
});
