import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { spawnEngine } from '../fixtures/child-engine';
import { apiCall, previewAndRun, settledDecision } from '../fixtures/api-call';

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  cluster = await startProductionCluster(1);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

const agentCall = (taskId: string) => ({ decision_type: 'agent_tool_call', task_id: taskId, inputs: { agent_id: 'agent-9', tool: 'gmail.send' } });

describe('operator actions on Postgres + Redis (API processes and a worker process)', () => {
  it('pause-intake through one API process refuses submissions on another (503 intake_paused, Retry-After); resume-intake opens both', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    // A second API process on the same Postgres and Redis, as a load-balanced production deployment runs them.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-api2-'));
    fs.writeFileSync(path.join(dir, 'admin.key'), `${c.api.key}\n`, { mode: 0o600 });
    const second = await spawnEngine(dir, c.env, ['--no-worker']);
    try {
      const paused = await previewAndRun(c.api, 'pause-intake');
      for (const url of [c.api.url, second.url]) {
        const refused = await apiCall({ url, key: c.api.key }, 'POST', '/api/decisions', agentCall('prod-intake-during'));
        expect([refused.status, refused.body.error.code, refused.headers.get('retry-after')]).toEqual([503, 'intake_paused', '30']);
        expect((await apiCall({ url, key: c.api.key }, 'GET', '/ready')).body.checks.intake.detail).toMatch(/^paused by /);
      }
      await previewAndRun(c.api, paused.result.undo.action_id);
      const accepted = await apiCall({ url: second.url, key: c.api.key }, 'POST', '/api/decisions', agentCall('prod-intake-after'));
      expect(accepted.status).toBe(202);
      expect((await settledDecision(c.api, accepted.body.decision_id)).status).toBe('approved');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('rejudge-decisions sends blocked decisions back through the outbox to the worker process, which judges them again with the trace kept', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    await previewAndRun(c.api, 'disable-agent-actions');
    const ids: string[] = [];
    for (const task of ['prod-rj-1', 'prod-rj-2']) {
      const submitted = await apiCall(c.api, 'POST', '/api/decisions', agentCall(task));
      const judged = await settledDecision(c.api, submitted.body.decision_id);
      expect([judged.status, judged.findings[0]?.code]).toEqual(['blocked', 'actions_disabled']);
      ids.push(submitted.body.decision_id);
    }
    await previewAndRun(c.api, 'enable-agent-actions');

    const { preview } = await previewAndRun(c.api, 'rejudge-decisions', { finding: 'actions_disabled', decision_type: 'agent_tool_call' });
    expect(preview.touches.ids).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      expect((await settledDecision(c.api, id)).status).toBe('approved');
      const trace = (await apiCall(c.api, 'GET', `/api/governance/tasks/prod-rj-${i + 1}/decision-trace?limit=200`)).body.items as { event_type: string }[];
      const types = trace.map((e) => e.event_type).filter((t) => t.startsWith('SUPERVISOR_') || t === 'REJUDGED');
      expect(types).toEqual(['SUPERVISOR_BLOCKED', 'REJUDGED', 'SUPERVISOR_APPROVED']);
    }
  }, 60_000);

  it('restart-worker reaches the worker process through Redis: it restarts, confirms, and judges again', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const owners = (await apiCall(c.api, 'GET', '/api/queue')).body.workers.processes.map((w: { owner: string }) => w.owner);
    expect(owners).toHaveLength(1); // the API process runs no worker (--no-worker): only the worker process is listed
    const { preview, result } = await previewAndRun(c.api, 'restart-worker');
    expect(preview.touches.ids).toEqual(owners);
    expect(result.summary).toBe('1 worker(s) restarted and claiming again.');
    expect(c.workers[0]?.child.exitCode).toBeNull();
    const submitted = await apiCall(c.api, 'POST', '/api/decisions', agentCall('prod-after-restart'));
    expect((await settledDecision(c.api, submitted.body.decision_id)).status).toBe('approved');
  }, 60_000);

  it('rotate-api-key on Postgres: the old key works through its grace period, the new secret at once; grace 0 refuses the old key with 401', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const me = (key: string) => apiCall({ url: c.api.url, key }, 'GET', '/api/session');
    const adminId = (await me(c.api.key)).body.key_id as string;
    const first = await previewAndRun(c.api, 'rotate-api-key', { key_id: adminId, grace_minutes: 10_080 });
    const successor = first.result.secret as string;
    expect((await me(successor)).status).toBe(200);
    expect((await me(c.api.key)).status).toBe(200); // in its grace period
    const again = await apiCall(c.api, 'POST', '/api/runbook/actions/rotate-api-key/preview', { params: { key_id: adminId, grace_minutes: 0 } });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);

    const successorId = (await me(successor)).body.key_id as string;
    const second = await previewAndRun({ url: c.api.url, key: successor }, 'rotate-api-key', { key_id: successorId, grace_minutes: 0 });
    await expect.poll(async () => (await me(successor)).status, { timeout: 8_000, interval: 250 }).toBe(401);
    expect((await me(second.result.secret)).status).toBe(200);
    const timeline = JSON.stringify((await apiCall(c.api, 'GET', '/api/timeline?kinds=runbook')).body);
    for (const secret of [successor, second.result.secret as string]) expect(timeline).not.toContain(secret.split('.')[1]);
  }, 60_000);
});
