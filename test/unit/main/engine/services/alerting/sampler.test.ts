import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../../../../src/main/engine/adapters/metrics';
import { Sampler } from '../../../../../../src/main/engine/services/alerting/sampler';
import type { JobQueue } from '../../../../../../src/main/engine/ports/job-queue';

function setup(counts = { ready: 0, delayed: 0, leased: 0, dead: 0, oldestReadyAt: null as number | null }, paused = false) {
  const metrics = createMetrics({ version: 'test', breakers: [], receivers: [] });
  const clock = { t: 100_000, now() { return this.t; } };
  const queue = { counts: async () => counts, isPaused: async () => paused } as unknown as JobQueue;
  const sampler = new Sampler({
    metrics, queue, clock, breakersOpen: async () => 1,
    store: { countAttentionTasks: async () => ({ BLOCKED: 7, NEEDS_REVIEW: 3, FAILED: 0 }) },
  });
  return { metrics, clock, sampler, counts };
}

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
});
