import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  cluster = await startProductionCluster(1);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read response JSON loosely; the contract types it
async function call(c: ProductionCluster, method: 'GET' | 'POST', path: string, body?: object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${c.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${c.api.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

async function previewAndRun(c: ProductionCluster, id: string) {
  const preview = await call(c, 'POST', `/api/runbook/actions/${id}/preview`, { params: {} });
  expect(preview.status).toBe(200);
  const run = await call(c, 'POST', `/api/runbook/actions/${id}/run`, { params: preview.body.params, reason: 'production runbook test' });
  expect([run.status, run.body.error]).toEqual([200, undefined]);
  expect(run.body.counts).toEqual(preview.body.touches.counts);
  return run.body;
}

async function judged(c: ProductionCluster, taskId: string, tool: string) {
  const submitted = await call(c, 'POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: taskId, inputs: { agent_id: 'agent-9', tool } });
  expect(submitted.status).toBe(202);
  let decision: { status: string; findings: { code: string }[] } = submitted.body;
  await expect
    .poll(async () => {
      decision = (await call(c, 'GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body;
      return decision.status;
    }, { timeout: 20_000 })
    .not.toMatch(/^(queued|processing)$/);
  return decision;
}

describe('runbook actions on Postgres + Redis (an API process and a worker process)', () => {
  it('the kill switch set through the API reaches the worker process: agent calls are blocked with actions_disabled, then judged normally', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const off = await previewAndRun(c, 'disable-agent-actions');
    expect(off.undo.action_id).toBe('enable-agent-actions');
    const blocked = await judged(c, 'prod-agent-1', 'gmail.send');
    expect(blocked.status).toBe('blocked');
    expect(blocked.findings[0]?.code).toBe('actions_disabled');

    await previewAndRun(c, off.undo.action_id);
    const normal = await judged(c, 'prod-agent-2', 'gmail.send');
    expect(normal.status).toBe('approved');

    const timeline = (await call(c, 'GET', '/api/timeline?kinds=runbook')).body.items as { details: { action: string; request_id?: string } }[];
    expect(timeline.map((i) => i.details.action)).toEqual(['enable-agent-actions', 'disable-agent-actions']);
    expect(timeline.every((i) => typeof i.details.request_id === 'string')).toBe(true);
  }, 60_000);

  it('pause-worker stops the worker process claiming, and its undo resumes it', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const paused = await previewAndRun(c, 'pause-worker');
    expect((await call(c, 'GET', '/api/queue')).body.paused).toBe(true);
    const submitted = await call(c, 'POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: 'prod-paused', inputs: { agent_id: 'agent-9', tool: 'gmail.send' } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await call(c, 'GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status).toBe('queued');

    expect(paused.undo.action_id).toBe('resume-worker');
    await previewAndRun(c, paused.undo.action_id);
    await expect
      .poll(async () => (await call(c, 'GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status, { timeout: 20_000 })
      .toBe('approved');
  }, 60_000);
});
