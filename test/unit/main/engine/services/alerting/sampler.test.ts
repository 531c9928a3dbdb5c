import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../../../../../src/main/engine/adapters/metrics';
import { Sampler } from '../../../../../../src/main/engine/services/alerting/sampler';
import type { JobQueue } from '../../../../../../src/main/engine/ports/job-queue';

function setup(counts = { ready: 0, delayed: 0, leased: 0, dead: 0, oldestReadyAt: null as number | null }, paused = false, judgesHere = true) {
  const metrics = createMetrics({ version: 'test', breakers: [], receivers: [] });
  const clock = { t: 100_000, now() { return this.t; } };
  const queue = { counts: async () => counts, isPaused: async () => paused } as unknown as JobQueue;
  const overdue = { counts: { submitted: 0, notTerminal: 0 }, asked: [] as number[][] };
  const sampler = new Sampler({
    metrics, queue, clock, breakersOpen: async () => 1, judgesHere,
    store: {
      countAttentionTasks: async () => ({ BLOCKED: 7, NEEDS_REVIEW: 3, FAILED: 0 }),
      countOverdueDecisions: async (from, before, limit) => (overdue.asked.push([from, before, limit]), overdue.counts),
    },
  });
  return { metrics, clock, sampler, counts, overdue };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Sampler', () => {
  it('gives levels at the first point and rates, ratios and p95s over each step after it', async () => {
    const { metrics, clock, sampler } = setup({ ready: 4, delayed: 1, leased: 2, dead: 1, oldestReadyAt: 40_000 });
    const first = await sampler.sample();
    expect(first.values).toMatchObject({ queue_depth: 7, queue_oldest_job_age_seconds: 60, queue_dead_lettered: 1, blocked_tasks: 7, needs_review_tasks: 3, breakers_open: 1 });
    expect(first.values).not.toHaveProperty('api_latency_p95_ms');

    for (let i = 0; i < 99; i += 1) {
      metrics.httpDuration.observe({ method: 'GET', route: '/api/queue', code: '200' }, 0.004);
    }
    metrics.httpDuration.observe({ method: 'POST', route: '/api/decisions', code: '500' }, 0.8);
    metrics.httpDuration.observe({ method: 'GET', route: '/api/events', code: '200' }, 120); // a stream: not a request to time
    metrics.decisions.inc({ decision_type: 'payment_fraud_check', status: 'approved' }, 19);
    metrics.retries.inc();
    metrics.dequeued.inc(20);
    metrics.lag.observe({ decision_type: 'payment_fraud_check' }, 0.02);
    clock.t += 10_000;

    const second = await sampler.sample();
    expect(second.values.http_requests_per_second).toBeCloseTo(10);
    expect(second.values.http_5xx_ratio).toBeCloseTo(0.01);
    expect(second.values.api_latency_p95_ms).toBeGreaterThan(2.5);
    expect(second.values.api_latency_p95_ms).toBeLessThanOrEqual(5);
    expect(second.values.decisions_per_second).toBeCloseTo(1.9);
    expect(second.values.worker_failure_ratio).toBeCloseTo(0.05);
    expect(second.values.decision_lag_p95_ms).toBeGreaterThan(10);
    expect(second.values.decision_lag_p95_ms).toBeLessThanOrEqual(25);
    expect(second.values.queue_stalled).toBe(0);
    expect(second.values.trace_api_latency_p95_ms).toBeNull();
  });

  it('marks the queue stalled when jobs are ready, it is not paused, and nothing was claimed in the step', async () => {
    const { clock, sampler } = setup({ ready: 5, delayed: 0, leased: 0, dead: 0, oldestReadyAt: 90_000 });
    await sampler.sample();
    clock.t += 10_000;
    expect((await sampler.sample()).values.queue_stalled).toBe(1);
    const paused = setup({ ready: 5, delayed: 0, leased: 0, dead: 0, oldestReadyAt: 90_000 }, true);
    await paused.sampler.sample();
    paused.clock.t += 10_000;
    expect((await paused.sampler.sample()).values.queue_stalled).toBe(0);
  });

  it('keeps p99 beside p95 for API latency and decision lag, and both for the decision write duration', async () => {
    const { metrics, clock, sampler } = setup();
    await sampler.sample();
    // 97 fast, 3 slow: p95 falls among the fast ones, p99 among the slow ones.
    for (let i = 0; i < 97; i += 1) {
      metrics.httpDuration.observe({ method: 'GET', route: '/api/queue', code: '200' }, 0.004);
      metrics.lag.observe({ decision_type: 'payment_fraud_check' }, 0.008);
      metrics.writeDuration.observe({}, 0.0008);
    }
    for (let i = 0; i < 3; i += 1) {
      metrics.httpDuration.observe({ method: 'GET', route: '/api/queue', code: '200' }, 0.9);
      metrics.lag.observe({ decision_type: 'payment_fraud_check' }, 4);
      metrics.writeDuration.observe({}, 0.2);
    }
    clock.t += 10_000;
    const v = (await sampler.sample()).values;
    expect(v.api_latency_p95_ms).toBeLessThanOrEqual(5);
    expect(v.api_latency_p99_ms).toBeGreaterThan(500);
    expect(v.decision_lag_p95_ms).toBeLessThanOrEqual(10);
    expect(v.decision_lag_p99_ms).toBeGreaterThan(2_500);
    expect(v.decision_write_p95_ms).toBeLessThanOrEqual(1);
    expect(v.decision_write_p99_ms).toBeGreaterThan(100);
    expect(v.trace_api_latency_p99_ms).toBeNull(); // no trace request in the step
  });

  it('gives the needs_review and unavailable-integration shares and the judged-per-minute rate over the last minute, the rate only while submissions arrive', async () => {
    const { metrics, clock, sampler } = setup();
    await sampler.sample();
    metrics.enqueued.inc(4);
    metrics.decisions.inc({ decision_type: 'payment_fraud_check', status: 'approved' }, 3);
    metrics.decisions.inc({ decision_type: 'payment_fraud_check', status: 'needs_review' }, 1);
    for (const outcome of ['ok', 'ok', 'error', 'rejected']) metrics.integrationCallDuration.observe({ integration: 'sanctions', outcome }, 0.01);
    clock.t += 10_000;
    const busy = (await sampler.sample()).values;
    expect(busy.needs_review_ratio).toBeCloseTo(0.25);
    expect(busy.integration_unavailable_ratio).toBeCloseTo(0.5);
    expect(busy.decisions_per_minute_while_submitting).toBeCloseTo(24); // 4 judged in 10 s

    // Quiet steps inside the minute still see it; once the minute has passed there is nothing to judge by.
    clock.t += 10_000;
    expect((await sampler.sample()).values).toMatchObject({ needs_review_ratio: 0.25, integration_unavailable_ratio: 0.5, decisions_per_minute_while_submitting: 12 });
    for (let i = 0; i < 6; i += 1) {
      clock.t += 10_000;
      await sampler.sample();
    }
    clock.t += 10_000;
    expect((await sampler.sample()).values).toMatchObject({ needs_review_ratio: null, integration_unavailable_ratio: null, decisions_per_minute_while_submitting: null });

    // Submissions without judgments: the floor series reads 0.
    metrics.enqueued.inc();
    clock.t += 10_000;
    expect((await sampler.sample()).values.decisions_per_minute_while_submitting).toBe(0);
  });

  it('leaves the judged-per-minute and stalled-queue series empty in a process whose counters do not see the claims and verdicts (API only, production)', async () => {
    const { metrics, clock, sampler } = setup({ ready: 5, delayed: 0, leased: 0, dead: 0, oldestReadyAt: 90_000 }, false, false);
    await sampler.sample();
    metrics.enqueued.inc(5);
    clock.t += 10_000;
    const point = await sampler.sample();
    expect(point.values.decisions_per_minute_while_submitting).toBeNull();
    // Other processes' workers claim these jobs; this one's claim counter stays at 0, which is not a stall.
    expect(point.values.queue_stalled).toBeNull();
  });

  it('gives the missing-terminal ratio of the cohort the store counts (submitted 10 to 70 minutes ago), null when there is none', async () => {
    const { clock, sampler, overdue } = setup();
    expect((await sampler.sample()).values.missing_terminal_ratio).toBeNull();
    expect(overdue.asked).toEqual([[clock.t - 70 * 60_000, clock.t - 10 * 60_000, 10_000]]);
    overdue.counts = { submitted: 40, notTerminal: 3 };
    clock.t += 10_000;
    expect((await sampler.sample()).values.missing_terminal_ratio).toBeCloseTo(0.075);
  });

  it("gives the process's CPU (cores over the step) and resident memory (MiB) from prom-client's process metrics", async () => {
    const { clock, sampler } = setup();
    const real = process.cpuUsage();
    let extraMicros = 0;
    vi.spyOn(process, 'cpuUsage').mockImplementation(() => ({ user: real.user + extraMicros, system: real.system }));
    const first = (await sampler.sample()).values;
    expect(first.process_resident_memory_mib).toBeGreaterThan(10);
    expect(first).not.toHaveProperty('process_cpu_cores');
    extraMicros += 7_500_000; // 7.5 s of CPU in a 10 s step
    clock.t += 10_000;
    expect((await sampler.sample()).values.process_cpu_cores).toBeCloseTo(0.75);
  });
});
