import { expect } from 'vitest';
import type { ActionScenario, Json, SuiteTarget } from './scenario';

/** The decisions the scenario made: one before the backup, one after it. */
const made = new Map<SuiteTarget, { before: Json; after: Json; trace: string[] }>();

const payment = (t: SuiteTarget) => {
  const task = t.unique('restore');
  return { decision_type: 'payment_fraud_check', task_id: task, inputs: { amount: 10, currency: 'EUR', customer_id: task } };
};

async function traceOf(t: SuiteTarget, taskId: string): Promise<string[]> {
  const r = await t.call('GET', `/api/governance/tasks/${taskId}/decision-trace?limit=200`);
  expect(r.status).toBe(200);
  return r.body.items.map((i: Json) => `${i.event_type}:${i.audit_id}`);
}

export default {
  action: 'restore-backup',
  async arrange(t) {
    const before = await t.settled((await t.submit(payment(t))).decision_id);
    const trace = await traceOf(t, before.task_id);
    const { result } = await t.action('backup-now');
    const file = /decisionos-[^ /]+?\.(sqlite|dump)/.exec(result.summary)?.[0] as string;
    const after = await t.settled((await t.submit(payment(t))).decision_id);
    made.set(t, { before, after, trace });
    return { file };
  },
  async verify(t, preview, result) {
    const { before, after, trace } = made.get(t) as { before: Json; after: Json; trace: string[] };
    expect(preview).toMatchObject({ destructive: true, confirm: preview.params.file, touches: { counts: { databases: 1 }, ids: [preview.params.file] } });
    // The decision the backup held is served with the trace it had; the one made after the backup is gone.
    expect(await traceOf(t, before.task_id)).toEqual(trace);
    expect((await t.call('GET', `/api/governance/decisions/${after.decision_id}`)).status).toBe(404);
    // The worker is back: a new submission is judged.
    expect((await t.settled((await t.submit(payment(t))).decision_id)).status).toMatch(/approved|needs_review|blocked/);
    expect(result.undo).toMatchObject({ action_id: 'restore-backup', params: { file: expect.stringMatching(/-replaced\.(sqlite|dump)$/) } });
  },
  async cleanup(t, result) {
    // Restoring the replaced database brings back what came after the backup (the decision made after it).
    await t.action(result.undo?.action_id as string, result.undo?.params);
    const { after } = made.get(t) as { after: Json };
    expect((await t.call('GET', `/api/governance/decisions/${after.decision_id}`)).status).toBe(200);
    made.delete(t);
  },
} satisfies ActionScenario;
