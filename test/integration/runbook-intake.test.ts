import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 });
});
afterAll(async () => {
  await t?.close();
});

const preview = (id: string, key?: string) => t.request('POST', `/api/runbook/actions/${id}/preview`, { body: { params: {} }, key });
const run = (id: string, key?: string) => t.request('POST', `/api/runbook/actions/${id}/run`, { body: { params: {}, reason: 'intake test' }, key });
const submit = (taskId: string) => t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: taskId }), task_id: taskId } });

describe('pause-intake and resume-intake', () => {
  it('refuses submissions with 503 intake_paused, a sentence and Retry-After while paused; reads, reviews of the queue and judging go on', async () => {
    const queued = await t.request('POST', '/api/runbook/actions/pause-worker/run', { body: { params: {}, reason: 'hold one job' } });
    expect(queued.status).toBe(200);
    const waiting = await submit('intake-before');
    expect(waiting.status).toBe(202);

    const p = await preview('pause-intake');
    expect(p.body.touches).toEqual({ counts: { switches: 1 }, ids: ['intake'], total: 1 });
    const paused = await run('pause-intake');
    expect(paused.status).toBe(200);
    expect(paused.body.counts).toEqual(p.body.touches.counts);
    expect(paused.body.undo).toEqual({ action_id: 'resume-intake', params: {}, title: 'Resume intake' });

    const refused = await submit('intake-during');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('intake_paused');
    expect(refused.body.error.message).toMatch(/intake is paused .*intake test.*resume-intake/);
    expect(refused.headers['retry-after']).toBe('30');
    expect((await t.request('GET', '/api/governance/tasks/intake-during/summary')).status).toBe(404); // nothing written

    const ready = await t.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.intake).toMatchObject({ ok: true });
    expect(ready.body.checks.intake.detail).toMatch(/^paused by .*submissions get 503/);
    expect((await t.request('GET', '/api/decisions')).status).toBe(200);
    await t.request('POST', '/api/runbook/actions/resume-worker/run', { body: { params: {}, reason: 'let it judge' } });
    await t.drain();
    expect((await t.request('GET', `/api/governance/decisions/${waiting.body.decision_id}`)).body.status).toBe('approved');

    expect((await preview('pause-intake')).body.touches.counts).toEqual({ switches: 0 });
    const resumed = await run(paused.body.undo.action_id);
    expect(resumed.body.counts).toEqual({ switches: 1 });
    expect(resumed.body.undo).toEqual({ action_id: 'pause-intake', params: {}, title: 'Pause intake' });
    expect((await submit('intake-after')).status).toBe(202);
    expect((await t.request('GET', '/ready')).body.checks.intake.detail).toBe('accepting');
    expect((await preview('resume-intake')).body.touches.counts).toEqual({ switches: 0 });
  });

  it('needs the system scope: a workspace admin and a read key get 403 and intake stays open', async () => {
    const admin = await t.keyFor('tenant-intake', ['admin']);
    const reader = await t.keyFor('default', ['read']);
    for (const key of [admin, reader]) {
      expect((await run('pause-intake', key)).status).toBe(403);
      expect((await preview('pause-intake', key)).status).toBe(403);
    }
    expect((await submit('intake-scope')).status).toBe(202);
  });

  it('two pauses at once: the switch ends paused, and one resume opens it', async () => {
    const both = await Promise.all([run('pause-intake'), run('pause-intake')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await submit('intake-twice')).status).toBe(503);
    expect((await run('resume-intake')).body.counts).toEqual({ switches: 1 });
    expect((await submit('intake-twice-after')).status).toBe(202);
  });

  it('rejects params: the actions take none', async () => {
    const r = await t.request('POST', '/api/runbook/actions/pause-intake/preview', { body: { params: { all: true } } });
    expect(r.status).toBe(400);
  });
});
