import { expect } from 'vitest';
import type { ActionScenario, Json, SuiteTarget } from './scenario';

const ids = new WeakMap<SuiteTarget, { listed: string[]; tasks: string[]; other: string; otherTask: string }>();

async function blockedDecision(t: SuiteTarget): Promise<{ id: string; task: string }> {
  const task = t.unique('rejudge');
  const submitted = await t.submit({ decision_type: 'payment_fraud_check', task_id: task, inputs: { amount: 50, currency: 'EUR', customer_id: task, card_country: 'IR', ip_country: 'DE' } });
  const settled = await t.settled(submitted.decision_id);
  expect(settled.status).toBe('blocked');
  return { id: submitted.decision_id, task };
}

const rejudgedEvents = async (t: SuiteTarget, task: string) =>
  ((await t.call('GET', `/api/governance/tasks/${task}/decision-trace?limit=200`)).body.items as Json[]).filter((e) => e.event_type === 'REJUDGED');

/** Two blocked decisions re-judged by id (the same policy blocks them again, now with a REJUDGED step between); a third is not listed. */
const scenario: ActionScenario = {
  action: 'rejudge-decisions',
  async arrange(t) {
    const [a, b, other] = [await blockedDecision(t), await blockedDecision(t), await blockedDecision(t)];
    ids.set(t, { listed: [a.id, b.id], tasks: [a.task, b.task], other: other.id, otherTask: other.task });
    return { decision_ids: [a.id, b.id] };
  },
  async verify(t, preview) {
    const arranged = ids.get(t)!;
    expect(preview.touches.ids).toEqual(arranged.listed);
    for (const [i, id] of arranged.listed.entries()) {
      const judged = await t.settled(id);
      expect(judged.status).toBe('blocked');
      const events = await rejudgedEvents(t, arranged.tasks[i]!);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ old_status: 'blocked', new_status: 'queued' });
    }
    expect(await rejudgedEvents(t, arranged.otherTask)).toEqual([]);
  },
};
export default scenario;
