import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, tempDataDir, type TestEngine } from '../../../../../fixtures/engine';

let t: TestEngine | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const sqlite = (dataDir: string) => new Database(path.join(dataDir, 'decisionos.sqlite'));

async function submit(e: TestEngine, taskId: string): Promise<string> {
  const r = await e.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: taskId } });
  expect(r.status).toBe(202);
  return r.body.decision_id as string;
}

const eventTypes = async (e: TestEngine, taskId: string) =>
  ((await e.request('GET', `/api/governance/tasks/${taskId}/decision-trace`)).body.items as { event_type: string; actor: string }[]);

describe('reconciler', () => {
  it('at start, puts decisions left open without a job back on the queue, and each trace says so', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startTestEngine({ dataDir, workerConcurrency: 0 });
    const lost = await submit(first, 'task-lost');
    const stuck = await submit(first, 'task-stuck');
    const buried = await submit(first, 'task-buried');
    const fine = await submit(first, 'task-fine');
    await first.engine.stop();

    // The states a lost job leaves: queued with no job, processing with no job, queued with only a dead job.
    const conn = sqlite(dataDir);
    conn.prepare('DELETE FROM supervisor_inbox WHERE decision_id = ?').run(lost);
    conn.prepare('DELETE FROM supervisor_inbox WHERE decision_id = ?').run(stuck);
    conn.prepare(`UPDATE decisions SET status = 'processing' WHERE decision_id = ?`).run(stuck);
    conn.prepare(`UPDATE supervisor_inbox SET status = 'dead' WHERE decision_id = ?`).run(buried);
    conn.close();

    t = await startTestEngine({ dataDir });
    await t.drain();
    for (const id of [lost, stuck, buried, fine]) {
      expect((await t.request('GET', `/api/governance/decisions/${id}`)).body.status).toBe('approved');
    }
    for (const task of ['task-lost', 'task-stuck', 'task-buried']) {
      const reconciled = (await eventTypes(t, task)).filter((e) => e.event_type === 'REQUEUED_BY_RECONCILER');
      expect(reconciled).toHaveLength(1);
      expect(reconciled[0]?.actor).toBe('reconciler');
    }
    expect((await eventTypes(t, 'task-fine')).map((e) => e.event_type)).not.toContain('REQUEUED_BY_RECONCILER');

    const metrics = (await t.request('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^decisionos_reconciler_requeued_total 3$/m);
    const ready = await t.request('GET', '/ready');
    expect(ready.body.checks.reconciler.ok).toBe(true);
    expect(ready.body.checks.reconciler.detail).toContain('3 decision(s) without a job re-enqueued');
  });

  it('runs again on its interval while the engine runs, and leaves decisions that have a live job alone', async () => {
    t = await startTestEngine({ reconcileIntervalMs: 100 });
    expect(await t.request('POST', '/api/queue/pause', { body: { reason: 'hold the jobs' } })).toMatchObject({ status: 200 });
    const kept = await submit(t, 'task-kept');
    const lost = await submit(t, 'task-lost-live');
    const conn = sqlite(t.dataDir);
    conn.prepare('DELETE FROM supervisor_inbox WHERE decision_id = ?').run(lost);
    const jobs = () => conn.prepare('SELECT decision_id FROM supervisor_inbox ORDER BY decision_id').pluck().all();
    const deadline = Date.now() + 5_000;
    while ((jobs() as string[]).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(jobs()).toEqual([kept, lost].sort());
    conn.close();

    expect(await t.request('POST', '/api/queue/resume', { body: { reason: 'jobs are back' } })).toMatchObject({ status: 200 });
    await t.drain();
    expect((await t.request('GET', `/api/governance/decisions/${lost}`)).body.status).toBe('approved');
    expect((await eventTypes(t, 'task-kept')).map((e) => e.event_type)).not.toContain('REQUEUED_BY_RECONCILER');
    expect((await eventTypes(t, 'task-lost-live')).map((e) => e.event_type)).toContain('REQUEUED_BY_RECONCILER');
  });
});

describe('reconciler and /ready', () => {
  it('reports a failed run on /ready, and /ready recovers as soon as the store does, not at the next interval', async () => {
    t = await startTestEngine({ reconcileIntervalMs: 1_000 });
    const store = t.engine.store as { findOrphanedDecisions: (limit: number) => Promise<unknown[]> };
    const real = store.findOrphanedDecisions;
    store.findOrphanedDecisions = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    await expect.poll(async () => (await t!.request('GET', '/ready')).body.checks.reconciler.ok, { timeout: 3_000 }).toBe(false);
    store.findOrphanedDecisions = real;
    const ready = await t.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.reconciler.ok).toBe(true);
  });
});
