import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/*
 * The API cannot write a row dated in the past (the engine's clock dates every write), so through the API alone
 * there is nothing old for this scenario to delete: it proves the other half, that a run touches exactly what its
 * preview counted per table and that recent data survives even the shortest retention (1 day). The deleting half,
 * a million seeded old rows on SQLite and a hundred thousand on Postgres, is in prune-under-load.test.ts and
 * production-prune-now.test.ts.
 */
const scenario: ActionScenario = {
  action: 'prune-now',
  async arrange(t) {
    const taskId = t.unique('prune-keep');
    const submitted = await t.submit({ decision_type: 'payment_fraud_check', task_id: taskId, inputs: { amount: 42, currency: 'EUR', customer_id: t.unique('cust') } });
    await t.settled(submitted.decision_id);
    kept.set(t, { taskId, decisionId: submitted.decision_id });
    return { retention_days: 1 };
  },
  async verify(t, preview, result) {
    expect(preview.destructive).toBe(true);
    expect(preview.confirm).toBe(String(preview.touches.total));
    expect(Object.keys(result.counts).sort()).toEqual(['decisions', 'idempotency_keys', 'ops_audits', 'stats_minutes', 'task_audits', 'task_events', 'tasks']);
    const { taskId, decisionId } = kept.get(t) as { taskId: string; decisionId: string };
    expect((await t.call('GET', `/api/governance/decisions/${decisionId}`)).status).toBe(200);
    const trace = await t.call('GET', `/api/governance/tasks/${taskId}/decision-trace`);
    expect([trace.status, trace.body.total > 0]).toEqual([200, true]);
  },
};

const kept = new WeakMap<object, { taskId: string; decisionId: string }>();

export default scenario;
