import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRequest } from '../../src/main/engine/domain/signals';
import { SignalEngine } from '../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 });
});
afterAll(async () => {
  await t?.close();
});

const preview = (key?: string, params: object = {}) => t.request('POST', '/api/runbook/actions/restart-worker/preview', { body: { params }, key });
const run = (key?: string) => t.request('POST', '/api/runbook/actions/restart-worker/run', { body: { params: {}, reason: 'wedged worker' }, key });

async function judged(taskId: string) {
  const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: taskId }), task_id: taskId } });
  expect(r.status).toBe(202);
  await t.drain();
  return (await t.request('GET', `/api/governance/decisions/${r.body.decision_id}`)).body;
}

describe('restart-worker on the embedded engine (the worker on the writer thread)', () => {
  it('previews the engine\'s own worker, restarts it (it confirms through the shared state) and it judges again', async () => {
    const queue = (await t.request('GET', '/api/queue')).body;
    const owners = queue.workers.processes.map((w: { owner: string }) => w.owner);
    expect(owners).toHaveLength(1);
    const p = await preview();
    expect(p.body).toMatchObject({ touches: { counts: { workers: 1 }, ids: owners, total: 1 }, destructive: false, confirm: null });
    expect(p.body.summary).toMatch(/^Restart 1 worker\(s\): .*finishes the batches in hand/);

    const r = await run();
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    expect(r.body.counts).toEqual(p.body.touches.counts);
    expect(r.body.progress).toEqual({ done: 1, total: 1 });
    expect(r.body.summary).toBe('1 worker(s) restarted and claiming again.');
    expect((await t.request('GET', '/ready')).body.checks.worker.ok).toBe(true);
    expect((await judged('restart-after')).status).toBe('approved');
  });

  it('two restarts at once both end with the worker restarted and judging', async () => {
    const both = await Promise.all([run(), run()]);
    expect(both.map((r) => [r.status, r.body.counts])).toEqual([[200, { workers: 1 }], [200, { workers: 1 }]]);
    expect((await judged('restart-twice')).status).toBe('approved');
  });

  it('needs the system scope (a workspace admin and a read key get 403) and takes no params', async () => {
    const admin = await t.keyFor('tenant-restart', ['admin']);
    const reader = await t.keyFor('default', ['read']);
    for (const key of [admin, reader]) expect([(await preview(key)).status, (await run(key)).status]).toEqual([403, 403]);
    expect((await preview(undefined, { owner: 'x' })).status).toBe(400);
  });
});

describe('restart-worker with no worker (WORKER_CONCURRENCY=0)', () => {
  it('says there is none and touches nothing', async () => {
    const idle = await startTestEngine({ workerConcurrency: 0 });
    try {
      const p = await idle.request('POST', '/api/runbook/actions/restart-worker/preview', { body: { params: {} } });
      expect(p.body.touches).toEqual({ counts: { workers: 0 }, ids: [], total: 0 });
      expect(p.body.summary).toMatch(/^No live worker to restart/);
      const r = await idle.request('POST', '/api/runbook/actions/restart-worker/run', { body: { params: {}, reason: 'nothing to do' } });
      expect([r.status, r.body.counts]).toEqual([200, { workers: 0 }]);
    } finally {
      await idle.close();
    }
  });
});

describe('restart-worker with a batch in hand (an inline worker whose signals wait on cue)', () => {
  it('lets the batch finish and be written before the worker restarts: the run confirms only then, and the decision is judged once', async () => {
    const real = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const signals = {
      async compute(request: SignalRequest) {
        if (request.inputs.customer_id === 'held') {
          held += 1;
          await gate;
        }
        return real.compute(request);
      },
    };
    const slow = await startTestEngine({}, { signals });
    try {
      const submitted = await slow.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: 'held' }), task_id: 'held' } });
      await expect.poll(() => held).toBe(1);
      expect((await slow.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status).toBe('processing');

      let finished = false;
      const running = slow
        .request('POST', '/api/runbook/actions/restart-worker/run', { body: { params: {}, reason: 'wedged worker' } })
        .then((r) => ((finished = true), r));
      await new Promise((r) => setTimeout(r, 1_500)); // three restart polls: the worker is stopping, waiting on its batch
      expect(finished).toBe(false);
      release();
      const r = await running;
      expect([r.status, r.body.counts]).toEqual([200, { workers: 1 }]);
      const decision = (await slow.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body;
      expect(decision.status).toBe('approved');
      expect(held).toBe(1);
      const trace = (await slow.request('GET', '/api/governance/tasks/held/decision-trace')).body.items as { event_type: string }[];
      expect(trace.filter((e) => e.event_type.startsWith('SUPERVISOR_'))).toHaveLength(1);

      const after = await slow.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: 'after' }), task_id: 'after' } });
      await slow.drain();
      expect((await slow.request('GET', `/api/governance/decisions/${after.body.decision_id}`)).body.status).toBe('approved');
    } finally {
      release();
      await slow.close();
    }
  });
});
