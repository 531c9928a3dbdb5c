import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ActionScenario, SuiteTarget } from './scenario';

let tasks: string[] = [];
let decisions: string[] = [];

const payment = (t: SuiteTarget, taskId: string) =>
  t.submit({ decision_type: 'payment_fraud_check', task_id: taskId, inputs: { amount: 10, currency: 'EUR', customer_id: t.unique('cust') } });
/**
 * On Postgres + Redis a submission reaches the queue through the outbox relay, a moment after its 202: a purge sees
 * only jobs on the queue, so the arrangement waits for them there.
 */
export async function waitingOnQueue(t: SuiteTarget, taskIds: string[], count: number): Promise<void> {
  await expect
    .poll(async () => (await t.call('POST', '/api/runbook/actions/purge-queued-jobs/preview', { params: { task_ids: taskIds } })).body.touches?.counts.jobs, { timeout: 20_000, interval: 20 })
    .toBe(count);
}

const decision = async (t: SuiteTarget, id: string) => (await t.call('GET', `/api/governance/decisions/${id}`)).body;

export default {
  action: 'purge-queued-jobs',
  async arrange(t) {
    // Paused, so the jobs wait on the queue for the purge to find them.
    await t.action('pause-worker');
    tasks = [t.unique('purge'), t.unique('purge'), t.unique('purge')];
    decisions = [];
    for (const task of tasks) decisions.push((await payment(t, task)).decision_id);
    await waitingOnQueue(t, tasks, 3);
    return { task_ids: tasks.slice(0, 2) };
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ jobs: 2 });
    expect(preview.params).toMatchObject({ task_ids: tasks.slice(0, 2), job_ids: preview.touches.ids });
    for (const id of decisions.slice(0, 2)) expect(await decision(t, id)).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/^purged by an operator/) });
    expect((await decision(t, decisions[2] as string)).status).toBe('queued');
    expect(result.undo?.action_id).toBe('restore-jobs');
    const file = path.join(t.dataDir, 'purged', String(result.undo?.params.file));
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(1).map((l) => l.decision_id).sort()).toEqual(decisions.slice(0, 2).sort());
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
    await t.action('resume-worker');
    for (const id of decisions) expect((await t.settled(id)).status).toBe('approved');
  },
} satisfies ActionScenario;
