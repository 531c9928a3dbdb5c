import { afterEach, describe, expect, it } from 'vitest';
import { SignalEngine, type SignalRequest } from '../../../../../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../../../../../src/main/engine/adapters/memory-signal-history';
import { startTestEngine, samplePayment, type TestEngine } from '../../../../../fixtures/engine';

/** Signals that fail for customer `flaky` while `failures` lasts, like an upstream that is down. */
function flakySignals(failures: { left: number }) {
  const real = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
  return {
    compute(request: SignalRequest) {
      if (request.inputs.customer_id === 'flaky' && failures.left > 0) {
        failures.left -= 1;
        throw new Error('reputation service timed out');
      }
      return real.compute(request);
    },
  };
}

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const fast = { maxAttempts: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 5, pollIntervalMs: 5 };

describe('worker retries', () => {
  it('retries a failing decision with RETRY_SCHEDULED events and judges it once the failure clears', async () => {
    t = await startTestEngine(fast, { signals: flakySignals({ left: 2 }) });
    const d = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: 'flaky' }), task_id: 'task-flaky' } });
    await t.drain();
    const judged = await t.request('GET', `/api/governance/decisions/${d.body.decision_id}`);
    expect(judged.body.status).toBe('approved');
    expect(judged.body.attempts).toBe(3);
    const trace = await t.request('GET', '/api/governance/tasks/task-flaky/decision-trace');
    const types = trace.body.items.map((e: { event_type: string }) => e.event_type);
    expect(types.filter((x: string) => x === 'RETRY_SCHEDULED')).toHaveLength(2);
    expect(types.filter((x: string) => x.startsWith('SUPERVISOR_'))).toEqual(['SUPERVISOR_APPROVED']);
    const retry = trace.body.items.find((e: { event_type: string }) => e.event_type === 'RETRY_SCHEDULED');
    expect(retry.payload.decision_snapshot.error).toBe('reputation service timed out');
    expect(retry.payload.next_attempt).toBe(2);
  });

  it('fails the decision and dead-letters its job after the last attempt, and a dead-letter retry judges it again', async () => {
    const failures = { left: 3 };
    t = await startTestEngine(fast, { signals: flakySignals(failures) });
    const d = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: 'flaky' }), task_id: 'task-dead' } });
    await t.drain();
    const failed = await t.request('GET', `/api/governance/decisions/${d.body.decision_id}`);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.last_error).toBe('reputation service timed out');
    expect((await t.request('GET', '/api/governance/tasks/task-dead/summary')).body.status).toBe('FAILED');
    const dead = await t.request('GET', '/api/queue/dead');
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0].last_error).toBe('reputation service timed out');
    expect((await t.request('GET', '/api/queue')).body.dead).toBe(1);

    const retried = await t.request('POST', `/api/queue/dead/${dead.body.items[0].job_id}/retry`, { body: { reason: 'upstream is back' } });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('queued');
    await t.drain();
    expect((await t.request('GET', `/api/governance/decisions/${d.body.decision_id}`)).body.status).toBe('approved');
    const trace = await t.request('GET', '/api/governance/tasks/task-dead/decision-trace');
    const types = trace.body.items.map((e: { event_type: string }) => e.event_type);
    expect(types).toContain('FAILED');
    expect(types).toContain('RUNBOOK_ACTION');
    expect(types.at(-1)).toBe('SUPERVISOR_APPROVED');
    expect((await t.request('GET', '/api/queue/dead')).body.items).toHaveLength(0);
  });

  it('answers 404 for retrying a dead job that does not exist', async () => {
    t = await startTestEngine(fast);
    const r = await t.request('POST', '/api/queue/dead/job_nope/retry', { body: { reason: 'try it anyway' } });
    expect(r.status).toBe(404);
  });
});

describe('worker leases', () => {
  it('keeps the leases of a batch that outlasts them, so no job is judged twice by another loop', async () => {
    // Each lookup takes 1.5 s against a 1 s lease; two loops claim one job at a time.
    const asked: string[] = [];
    const slowVendor = async (_i: unknown, body: Record<string, unknown>) => {
      asked.push(String((body.inputs as { customer_id: string }).customer_id));
      await new Promise((r) => setTimeout(r, 1_500));
      return { hit: false };
    };
    t = await startTestEngine(
      {
        leaseMs: 1_000, batchSize: 1, workerConcurrency: 2, pollIntervalMs: 5,
        integrations: [{ name: 'vendor', url: 'http://127.0.0.1:9/', applies_to: ['payment_fraud_check'], timeout_ms: 5_000, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
          breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
      },
      { integrationClient: slowVendor },
    );
    for (const customer of ['c-1', 'c-2', 'c-3']) await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: customer }) });
    await t.drain(20_000);
    expect(asked.sort()).toEqual(['c-1', 'c-2', 'c-3']);
    const judged = (await t.request('GET', '/api/decisions?limit=10')).body.items as { status: string; attempts: number }[];
    expect(judged.map((d) => d.status)).toEqual(['approved', 'approved', 'approved']);
    expect(judged.every((d) => d.attempts === 1)).toBe(true);
  }, 30_000);
});


describe('worker fairness', () => {
  it('yields to the event loop every few milliseconds while it judges a long batch, so other requests are served mid-batch', async () => {
    const real = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const timeline: ('judge' | 'turn')[] = [];
    // Two milliseconds of synchronous work per decision, like a heavy policy: 40 of them are 80 ms in one batch.
    const heavy = {
      compute(request: SignalRequest) {
        const until = performance.now() + 2;
        while (performance.now() < until);
        timeline.push('judge');
        return real.compute(request);
      },
    };
    t = await startTestEngine({ ...fast, batchSize: 100, workerThread: false }, { signals: heavy });
    expect((await t.request('POST', '/api/queue/pause', { body: { reason: 'queue up one batch' } })).status).toBe(200);
    for (let i = 0; i < 40; i += 1) {
      expect((await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: `c-${i}` }), task_id: `fair-${i}` } })).status).toBe(202);
    }
    let turning = true;
    const turn = () => {
      timeline.push('turn');
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    expect((await t.request('POST', '/api/queue/resume', { body: { reason: 'judge it' } })).status).toBe(200);
    await t.drain();
    turning = false;

    const first = timeline.indexOf('judge');
    const last = timeline.lastIndexOf('judge');
    expect(timeline.filter((e) => e === 'judge')).toHaveLength(40);
    // Event-loop turns between the first and the last decision of the batch: none when the batch holds the loop.
    expect(timeline.slice(first, last).filter((e) => e === 'turn').length).toBeGreaterThanOrEqual(8);
  });
});
