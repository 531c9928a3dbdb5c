import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

const blockedTasks: string[] = [];

export default {
  action: 'unblock-tasks',
  async arrange(t) {
    blockedTasks.length = 0;
    for (let i = 0; i < 3; i += 1) {
      const taskId = t.unique('blocked');
      const d = await t.submit({ decision_type: 'payment_fraud_check', task_id: taskId, inputs: { amount: 5, currency: 'EUR', customer_id: t.unique('c'), card_country: 'IR' } });
      expect((await t.settled(d.decision_id)).status).toBe('blocked');
      blockedTasks.push(taskId);
    }
    // Two of the three: the third must stay BLOCKED.
    return { task_ids: blockedTasks.slice(0, 2) };
  },
  async verify(t, preview) {
    expect(preview.touches.ids).toEqual(blockedTasks.slice(0, 2));
    const status = async (taskId: string) => (await t.call('GET', `/api/governance/tasks/${taskId}/summary`)).body.status;
    for (const taskId of blockedTasks.slice(0, 2)) expect(await status(taskId)).toBe('RUNNING');
    expect(await status(blockedTasks[2] as string)).toBe('BLOCKED');
  },
} satisfies ActionScenario;
