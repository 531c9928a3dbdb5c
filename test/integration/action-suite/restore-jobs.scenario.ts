import { expect } from 'vitest';
import type { ActionScenario, SuiteTarget } from './scenario';
import { waitingOnQueue } from './purge-queued-jobs.scenario';

let decisions: string[] = [];
let file = '';

const decision = async (t: SuiteTarget, id: string) => (await t.call('GET', `/api/governance/decisions/${id}`)).body;

export default {
  action: 'restore-jobs',
  async arrange(t) {
    await t.action('pause-worker');
    const tasks = [t.unique('restore'), t.unique('restore')];
    decisions = [];
    for (const task of tasks) {
      decisions.push((await t.submit({ decision_type: 'payment_fraud_check', task_id: task, inputs: { amount: 10, currency: 'EUR', customer_id: t.unique('cust') } })).decision_id);
    }
    await waitingOnQueue(t, tasks, 2);
    const purged = await t.action('purge-queued-jobs', { task_ids: tasks });
    expect(purged.result.counts).toEqual({ jobs: 2 });
    file = String(purged.result.undo?.params.file);
    return { file };
  },
  async verify(t, preview) {
    expect(preview.touches.counts).toEqual({ jobs: 2 });
    for (const id of decisions) expect((await decision(t, id)).status).toBe('queued');
    // Restored once: the file is taken, a second restore touches nothing.
    const again = await t.call('POST', '/api/runbook/actions/restore-jobs/preview', { params: { file } });
    expect([again.status, again.body.error?.code]).toEqual([409, 'conflict']);
  },
  async cleanup(t) {
    await t.action('resume-worker');
    for (const id of decisions) expect((await t.settled(id)).status).toBe('approved');
  },
} satisfies ActionScenario;
