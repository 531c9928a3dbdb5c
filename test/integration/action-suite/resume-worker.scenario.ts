import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'resume-worker',
  async arrange(t) {
    await t.action('pause-worker');
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ queue: 1 });
    expect((await t.call('GET', '/api/queue')).body.paused).toBe(false);
    // Claiming again: a decision submitted now is judged.
    const submitted = await t.submit({ decision_type: 'payment_fraud_check', task_id: t.unique('resumed'), inputs: { amount: 5, currency: 'EUR', customer_id: t.unique('c') } });
    expect((await t.settled(submitted.decision_id)).status).toBe('approved');
    expect(result.undo?.action_id).toBe('pause-worker');
  },
} satisfies ActionScenario;
