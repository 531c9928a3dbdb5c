import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRequest } from '../../src/main/engine/domain/signals';
import { SignalEngine } from '../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { ACTIONS } from '../../src/main/engine/services/runbook/actions/registry';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

const sanctions = {
  name: 'sanctions', url: 'http://127.0.0.1:9/unused', applies_to: ['reconciliation' as const], timeout_ms: 100, retries: 0,
  retry_backoff_ms: 0, on_unavailable: 'needs_review' as const,
  breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
};

/** Real signals, failing on cue: decisions submitted while `failing` is set end dead-lettered (one attempt). */
const real = new SignalEngine({ allowedActions: ['gmail.send'] }, createMemorySignalHistory());
let failing = false;
const signals = {
  compute(request: SignalRequest) {
    if (failing) throw new Error('reputation service is down');
    return real.compute(request);
  },
};

let t: TestEngine;
let reader: string;
let foreignAdmin: string;

beforeAll(async () => {
  t = await startTestEngine({ integrations: [sanctions], maxAttempts: 1, rateLimitPerMinute: 100_000 }, { signals, telemetryTimer: false });
  reader = await t.keyFor('default', ['read']);
  foreignAdmin = await t.keyFor('tenant-b', ['admin']);
});
afterAll(async () => {
  await t?.close();
});

const preview = (id: string, params: object = {}, key?: string) => t.request('POST', `/api/runbook/actions/${id}/preview`, { body: { params }, key });
const run = (id: string, body: object, key?: string) => t.request('POST', `/api/runbook/actions/${id}/run`, { body: { reason: 'runbook test', ...body }, key });

/** Previews, then runs with the preview's pinned params and confirmation: what the UI does. */
async function previewAndRun(id: string, params: object = {}) {
  const p = await preview(id, params);
  expect(p.status).toBe(200);
  const r = await run(id, { params: p.body.params, ...(p.body.destructive ? { confirm: p.body.confirm } : {}) });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  return { preview: p.body, result: r.body };
}

async function submit(body: object, taskId: string) {
  const r = await t.request('POST', '/api/decisions', { body: { ...body, task_id: taskId } });
  expect(r.status).toBe(202);
  return r.body.decision_id as string;
}

const decision = async (id: string) => (await t.request('GET', `/api/governance/decisions/${id}`)).body;
const agentCall = (tool = 'gmail.send') => ({ decision_type: 'agent_tool_call', inputs: { agent_id: 'agent-7', tool } });

/** Everything an action could change, read through the API. */
async function engineState() {
  const [queue, breakers, tasks, timeline] = await Promise.all([
    t.request('GET', '/api/queue'),
    t.request('GET', '/api/breakers'),
    t.request('GET', '/api/governance/tasks?status=BLOCKED'),
    t.request('GET', '/api/timeline?kinds=runbook,queue,breaker,unblock'),
  ]);
  const switchPreview = await preview('disable-agent-actions');
  return {
    paused: queue.body.paused,
    dead: queue.body.dead,
    breakers: breakers.body.items.map((b: { state: string; forced: string | null }) => [b.state, b.forced]),
    blocked: tasks.body.items.map((i: { task_id: string }) => i.task_id),
    timeline: timeline.body.items.map((i: { id: string }) => i.id),
    agentSwitch: switchPreview.body.touches.counts,
  };
}

describe('the runbook action registry', () => {
  it('lists every registered action with its scope and its params as JSON Schema', async () => {
    const r = await t.request('GET', '/api/runbook/actions', { key: reader });
    expect(r.status).toBe(200);
    expect(r.body.items.map((a: { id: string }) => a.id)).toEqual(ACTIONS.map((a) => a.id));
    for (const a of r.body.items) {
      expect(a.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['operate', 'admin', 'system']).toContain(a.scope);
      expect(a.params_schema.type).toBe('object');
    }
    expect(r.body.items.find((a: { id: string }) => a.id === 'breaker-reset').params_schema.required).toEqual(['integration']);
  });

  it('refuses a read-scoped key every preview and every run with 403, and nothing changes', async () => {
    const failed = await submit(samplePayment({ customer_id: 'read-1', ip_country: 'KP' }), 'read-blocked');
    await t.drain();
    expect((await decision(failed)).status).toBe('blocked');
    const before = await engineState();
    const params: Record<string, object> = { 'unblock-tasks': { task_ids: ['read-blocked'] }, 'breaker-force-open': { integration: 'sanctions' }, 'breaker-force-close': { integration: 'sanctions' }, 'breaker-reset': { integration: 'sanctions' }, 'purge-queued-jobs': { decision_type: 'payment_fraud_check' }, 'restore-jobs': { file: 'purged-20260101T000000000Z-0123456789ab.jsonl' } };
    for (const action of ACTIONS) {
      const p = await preview(action.id, params[action.id] ?? {}, reader);
      const r = await run(action.id, { params: params[action.id] ?? {}, confirm: '1' }, reader);
      expect([action.id, p.status, p.body.error.code, r.status, r.body.error.code]).toEqual([action.id, 403, 'forbidden', 403, 'forbidden']);
    }
    expect(await engineState()).toEqual(before);
  });

  it('refuses another workspace\'s admin the engine-wide actions (they need the system scope)', async () => {
    for (const action of ACTIONS.filter((a) => a.scope === 'system')) {
      const params = action.id.startsWith('breaker-') ? { integration: 'sanctions' } : {};
      expect([action.id, (await run(action.id, { params }, foreignAdmin)).status]).toEqual([action.id, 403]);
    }
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(false);
  });

  it('an unknown action is 404 and bad params are 400', async () => {
    expect((await preview('flush-redis')).status).toBe(404);
    expect((await preview('breaker-reset', { integration: 'sanctions', extra: 1 })).status).toBe(400);
    expect((await preview('breaker-reset', { integration: 'nope' })).status).toBe(404);
  });

  it('pause-worker pauses as its preview said, is audited once on the timeline, and offers resume-worker as its undo (and back)', async () => {
    const { preview: p, result } = await previewAndRun('pause-worker');
    expect(p.touches).toEqual({ counts: { queue: 1 }, ids: ['queue'], total: 1 });
    expect(result.counts).toEqual(p.touches.counts);
    expect(result.progress).toEqual({ done: 1, total: 1 });
    expect(result.undo).toEqual({ action_id: 'resume-worker', params: {}, title: 'Resume the worker' });
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(true);

    const again = await preview('pause-worker');
    expect(again.body.touches.counts).toEqual({ queue: 0 });

    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items;
    const event = timeline.find((i: { id: string }) => i.id === `ops:${result.audit_id}`);
    expect(event).toMatchObject({ kind: 'runbook', event_type: 'RUNBOOK_ACTION' });
    expect(event.summary).toContain('ran pause-worker: runbook test');
    expect(event.details).toMatchObject({
      action: 'pause-worker',
      reason: 'runbook test',
      params: {},
      preview: { counts: { queue: 1 }, ids: ['queue'], total: 1 },
      result: { counts: { queue: 1 }, undo: { action_id: 'resume-worker' } },
    });
    expect(typeof event.details.duration_ms).toBe('number');
    expect(typeof event.details.request_id).toBe('string');
    expect(timeline.filter((i: { details: { action?: string } }) => i.details.action === 'pause-worker')).toHaveLength(1);

    const undo = await previewAndRun(result.undo.action_id, result.undo.params);
    expect(undo.result.counts).toEqual({ queue: 1 });
    expect(undo.result.undo.action_id).toBe('pause-worker');
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(false);
  });

  it('the kill switch blocks every agent tool call with actions_disabled while on, and lifts cleanly', async () => {
    const before = await submit(agentCall(), 'agent-before');
    await t.drain();
    expect((await decision(before)).status).toBe('approved');

    const off = await previewAndRun('disable-agent-actions');
    expect(off.preview.touches.counts).toEqual({ switches: 1 });
    expect(off.result.counts).toEqual(off.preview.touches.counts);
    expect(off.result.undo).toMatchObject({ action_id: 'enable-agent-actions' });

    const blocked = await submit(agentCall(), 'agent-during');
    const payment = await submit(samplePayment({ customer_id: 'kill-switch' }), 'payment-during');
    await t.drain();
    const judged = await decision(blocked);
    expect(judged.status).toBe('blocked');
    expect(judged.findings[0].code).toBe('actions_disabled');
    expect((await decision(payment)).status).toBe('approved'); // only agent calls are stopped

    const on = await previewAndRun('enable-agent-actions');
    expect(on.result.counts).toEqual({ switches: 1 });
    expect(on.result.undo).toMatchObject({ action_id: 'disable-agent-actions' });
    const after = await submit(agentCall(), 'agent-after');
    await t.drain();
    const normal = await decision(after);
    expect(normal.status).toBe('approved');
    expect(normal.findings.map((f: { code: string }) => f.code)).not.toContain('actions_disabled');
  });

  it('unblock-tasks unblocks exactly the tasks its preview listed, only with the typed count', async () => {
    const ids = ['ub-1', 'ub-2', 'ub-3'];
    for (const id of ids) await submit(samplePayment({ customer_id: id, card_country: 'IR' }), id);
    await t.drain();
    const p = await preview('unblock-tasks', { reason_code: 'sanctioned_country' });
    expect(p.body.touches.ids).toEqual(expect.arrayContaining(ids));
    expect(p.body.touches.counts.tasks).toBe(p.body.touches.ids.length);
    expect(p.body).toMatchObject({ destructive: true, confirm: String(p.body.touches.ids.length), params: { task_ids: p.body.touches.ids } });

    expect((await run('unblock-tasks', { params: p.body.params })).status).toBe(400);
    expect((await run('unblock-tasks', { params: p.body.params, confirm: '999' })).status).toBe(409);
    const blockedBefore = (await t.request('GET', '/api/governance/tasks?status=BLOCKED&reason_code=sanctioned_country')).body.items.length;
    expect(blockedBefore).toBe(p.body.touches.ids.length); // the refused runs touched nothing

    const r = await run('unblock-tasks', { params: p.body.params, confirm: p.body.confirm });
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual(p.body.touches.counts);
    expect(r.body.progress).toEqual({ done: p.body.touches.total, total: p.body.touches.total });
    expect(r.body.undo).toBeNull();
    for (const id of p.body.touches.ids) expect((await t.request('GET', `/api/governance/tasks/${id}/summary`)).body.status).toBe('RUNNING');
  });

  it('retry-dead-letters retries only the jobs its preview listed, even when more die between preview and run', async () => {
    failing = true;
    const first = [await submit(samplePayment({ customer_id: 'dl-1' }), 'dl-1'), await submit(samplePayment({ customer_id: 'dl-2' }), 'dl-2')];
    await t.drain();
    const p = await preview('retry-dead-letters');
    expect(p.body.touches.counts).toEqual({ jobs: 2 });
    expect(p.body.params.job_ids).toEqual(p.body.touches.ids);

    const late = await submit(samplePayment({ customer_id: 'dl-3' }), 'dl-3');
    await t.drain();
    failing = false;
    expect((await t.request('GET', '/api/queue')).body.dead).toBe(3);

    const r = await run('retry-dead-letters', { params: p.body.params, confirm: p.body.confirm });
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ jobs: 2 });
    await t.drain();
    for (const id of first) expect((await decision(id)).status).toBe('approved');
    expect((await decision(late)).status).toBe('failed');
    const dead = (await t.request('GET', '/api/queue/dead')).body.items;
    expect(dead.map((j: { decision_id: string }) => j.decision_id)).toEqual([late]);
  });

  it('breaker actions touch the one breaker their preview names and undo to the state before', async () => {
    const open = await previewAndRun('breaker-force-open', { integration: 'sanctions' });
    expect(open.preview.touches).toEqual({ counts: { breakers: 1 }, ids: ['sanctions'], total: 1 });
    expect(open.result.counts).toEqual(open.preview.touches.counts);
    expect(open.result.undo).toEqual({ action_id: 'breaker-reset', params: { integration: 'sanctions' }, title: 'Reset the breaker' });
    expect((await t.request('GET', '/api/breakers')).body.items[0]).toMatchObject({ state: 'OPEN', forced: 'open' });

    const closed = await previewAndRun('breaker-force-close', { integration: 'sanctions' });
    expect(closed.result.undo).toEqual({ action_id: 'breaker-force-open', params: { integration: 'sanctions' }, title: 'Force the breaker open' });
    expect((await t.request('GET', '/api/breakers')).body.items[0]).toMatchObject({ state: 'CLOSED', forced: 'closed' });

    const reset = await previewAndRun('breaker-reset', { integration: 'sanctions' });
    expect(reset.result.undo).toMatchObject({ action_id: 'breaker-force-close' });
    expect((await t.request('GET', '/api/breakers')).body.items[0]).toMatchObject({ state: 'CLOSED', forced: null });
    const again = await previewAndRun('breaker-reset', { integration: 'sanctions' });
    expect(again.result.undo).toBeNull();
  });
});
