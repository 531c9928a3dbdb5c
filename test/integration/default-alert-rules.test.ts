import fs from 'node:fs';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import type { EngineConfig } from '../../src/main/engine/config';

/**
 * Each default rule the runbooks asked for, fired through a real engine: its counters, store, sampler and alert
 * engine, on a fake clock that the test moves between telemetry steps. What cannot be made for real in a test
 * (a busy CPU, 1.5 GiB resident) is faked where the runtime reads it: process.cpuUsage and /proc/self/status.
 */
const SEC = 1_000;
const MIN = 60_000;
const NEW_RULES = ['process-cpu-high', 'process-memory-high', 'throughput-floor', 'needs-review-rate', 'missing-terminal-ratio', 'integration-unavailable-rate', 'monitor-stale'];

/** An upstream integration on loopback: answers 200 with a JSON object, or 503 while `failing`. */
const upstream = { failing: false, server: http.createServer((_req, res) => (upstream.failing ? res.writeHead(503).end() : res.writeHead(200, { 'content-type': 'application/json' }).end('{"hit":false}'))) };
let upstreamUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
});

const engines: TestEngine[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  upstream.failing = false;
  for (const t of engines.splice(0)) await t.close();
});

const integration = () => ({
  name: 'sanctions', url: upstreamUrl, applies_to: ['payment_fraud_check' as const], timeout_ms: 500, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review' as const,
  // Never opens: every call goes out and is answered (or not) by the upstream.
  breaker: { failure_threshold: 1_000, min_calls: 1_000, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
});

/** A real engine on a fake clock; `step(ms)` moves the clock and runs one telemetry step. */
async function engineOnFakeClock(overrides: Partial<EngineConfig> = {}) {
  let now = Date.parse('2026-12-03T12:00:00Z');
  const t = await startTestEngine({ sampleIntervalMs: 10 * SEC, ...overrides }, { telemetryTimer: false, clock: { now: () => now } });
  engines.push(t);
  let n = 0;
  const submit = async (amount = 50) => {
    n += 1;
    const r = await t.request('POST', '/api/decisions', { body: samplePayment({ amount, customer_id: `cust-${n}` }) });
    expect(r.status).toBeLessThan(300);
  };
  const rule = async (id: string) => ((await t.request('GET', '/api/alerts/rules')).body as { id: string; state: string; last_value: number | null }[]).find((r) => r.id === id);
  const firing = async () => ((await t.request('GET', '/api/alerts/active')).body as { rule_id: string; value: number | null }[]);
  return {
    t,
    submit,
    rule,
    firing,
    async step(ms: number) {
      now += ms;
      await t.engine.telemetry.tick();
    },
    pauseQueue: () => t.request('POST', '/api/queue/pause', { body: { reason: 'crafting a stuck pipeline' } }),
  };
}

const firingOf = (alerts: { rule_id: string }[], id: string) => alerts.find((a) => a.rule_id === id);

describe('the runbooks\' new default rules fire on their condition', () => {
  it('process-cpu-high: the process uses more than 0.9 of a core for 10 minutes', async () => {
    const e = await engineOnFakeClock();
    const real = process.cpuUsage();
    let burnt = 0;
    vi.spyOn(process, 'cpuUsage').mockImplementation(() => ({ user: real.user + burnt, system: real.system }));
    await e.step(0); // the first step has no previous reading: CPU is a rate over the step
    for (let m = 1; m <= 10; m += 1) {
      burnt += 57 * 1e6; // 57 s of CPU per minute: 0.95 of a core
      await e.step(MIN);
    }
    expect((await e.rule('process-cpu-high'))?.state).toBe('pending');
    burnt += 57 * 1e6;
    await e.step(MIN);
    expect(firingOf(await e.firing(), 'process-cpu-high')).toMatchObject({ value: expect.closeTo(0.95, 1) });
  });

  it('process-memory-high: resident memory above 1.5 GiB for 10 minutes', async () => {
    const e = await engineOnFakeClock();
    const rssKb = 1_700_000; // about 1.62 GiB
    if (process.platform === 'linux') {
      // prom-client reads VmRSS from /proc/self/status on Linux.
      const readFileSync = fs.readFileSync;
      vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) =>
        file === '/proc/self/status'
          ? `VmSize:\t${rssKb * 2} kB\nVmRSS:\t${rssKb} kB\nVmData:\t${rssKb} kB\n`
          : readFileSync(file, options as never)) as typeof fs.readFileSync);
    } else {
      const memoryUsage = process.memoryUsage();
      vi.spyOn(process, 'memoryUsage').mockReturnValue({ ...memoryUsage, rss: rssKb * 1024 });
    }
    await e.step(0);
    await e.step(9 * MIN);
    expect((await e.rule('process-memory-high'))?.state).toBe('pending');
    await e.step(MIN);
    expect(firingOf(await e.firing(), 'process-memory-high')).toMatchObject({ value: expect.closeTo(rssKb / 1024, 0) });
  });

  it('throughput-floor: submissions keep arriving while nothing is judged (queue paused) for 10 minutes', async () => {
    const e = await engineOnFakeClock();
    await e.pauseQueue();
    await e.step(0);
    for (let m = 1; m <= 10; m += 1) {
      await e.submit();
      await e.step(MIN);
      if (m === 9) expect((await e.rule('throughput-floor'))?.state).toBe('pending');
    }
    await e.submit();
    await e.step(MIN);
    expect(firingOf(await e.firing(), 'throughput-floor')).toMatchObject({ value: 0 });
  });

  it('the throughput floor counts accepted submissions once: an idempotent replay adds none', async () => {
    const e = await engineOnFakeClock();
    const body = { ...samplePayment(), client_request_id: 'req-1' };
    expect((await e.t.request('POST', '/api/decisions', { body })).status).toBeLessThan(300);
    expect((await e.t.request('POST', '/api/decisions', { body })).status).toBeLessThan(300);
    expect((await e.t.request('GET', '/metrics')).body).toMatch(/^decisionos_queue_enqueued_total 1$/m);
  });

  it('needs-review-rate: more than 25 % of judged decisions are needs_review for 15 minutes', async () => {
    const e = await engineOnFakeClock();
    await e.step(0);
    for (let m = 1; m <= 16; m += 1) {
      await e.submit(15_000); // high_amount: needs_review
      await e.submit(50);
      await e.t.drain();
      await e.step(MIN);
    }
    expect(firingOf(await e.firing(), 'needs-review-rate')).toMatchObject({ value: 0.5 });
  });

  it('missing-terminal-ratio: decisions submitted more than 10 minutes ago are still not terminal, for 10 minutes', async () => {
    const e = await engineOnFakeClock();
    await e.pauseQueue();
    for (let i = 0; i < 5; i += 1) await e.submit();
    await e.step(0);
    expect((await e.rule('missing-terminal-ratio'))?.last_value).toBeNull(); // nothing is 10 minutes old yet
    await e.step(11 * MIN);
    expect((await e.rule('missing-terminal-ratio'))?.state).toBe('pending');
    await e.step(10 * MIN);
    expect(firingOf(await e.firing(), 'missing-terminal-ratio')).toMatchObject({ value: 1 });
    expect((await e.t.request('GET', '/metrics')).body).toMatch(/^decisionos_missing_terminal_ratio 1$/m);
  });

  it('integration-unavailable-rate: more than 10 % of integration calls get no answer for 5 minutes', async () => {
    const e = await engineOnFakeClock({ integrations: [integration()] });
    upstream.failing = true;
    await e.step(0);
    for (let m = 1; m <= 6; m += 1) {
      await e.submit();
      await e.t.drain();
      await e.step(MIN);
    }
    expect(firingOf(await e.firing(), 'integration-unavailable-rate')).toMatchObject({ value: 1 });
  });

  it('monitor-stale: the step after a gap of more than 60 s in the monitor\'s own runs', async () => {
    const e = await engineOnFakeClock();
    await e.step(0);
    await e.step(10 * SEC);
    expect((await e.rule('monitor-stale'))?.last_value).toBe(10);
    await e.step(2 * MIN);
    expect(firingOf(await e.firing(), 'monitor-stale')).toMatchObject({ value: 120 });
    // What Prometheus's DecisionOSMonitorStale reads: when each part last ran (the fake clock's 12:02:10 UTC).
    const exposition = (await e.t.request('GET', '/metrics')).body as string;
    const at = Date.parse('2026-12-03T12:02:10Z') / 1000;
    expect(exposition).toContain(`decisionos_monitor_last_run_timestamp_seconds{part="sampler"} ${at}`);
    expect(exposition).toContain(`decisionos_monitor_last_run_timestamp_seconds{part="alert_engine"} ${at}`);
  });
});

describe('they stay quiet on an idle and on a healthy engine', () => {
  const quiet = async (e: Awaited<ReturnType<typeof engineOnFakeClock>>) => {
    const rules = ((await e.t.request('GET', '/api/alerts/rules')).body as { id: string; state: string }[]).filter((r) => NEW_RULES.includes(r.id));
    expect(rules.map((r) => r.id).sort()).toEqual([...NEW_RULES].sort());
    expect(rules.filter((r) => r.state !== 'inactive')).toEqual([]);
  };

  it('an idle engine: 20 minutes of steps and no submission', async () => {
    const e = await engineOnFakeClock();
    for (let s = 0; s <= 120; s += 1) await e.step(10 * SEC);
    await quiet(e);
  });

  it('a healthy engine: approved decisions every minute, an integration that answers', async () => {
    const e = await engineOnFakeClock({ integrations: [integration()] });
    for (let s = 0; s <= 120; s += 1) {
      if (s % 6 === 0) {
        await e.submit();
        await e.submit();
        await e.t.drain();
      }
      await e.step(10 * SEC);
    }
    await quiet(e);
    expect((await e.rule('throughput-floor'))?.state).toBe('inactive');
  });
});
