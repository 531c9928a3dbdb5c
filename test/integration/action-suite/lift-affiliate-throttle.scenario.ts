import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

const reconciliation = (affiliate: string, taskId: string) => ({
  decision_type: 'reconciliation', task_id: taskId, inputs: { affiliate_id: affiliate, platform: 'youtube', claimed_amount: 10, reported_amount: 10 },
});

/**
 * Lifts a throttle of 1 a minute that has refused a submission: the affiliate submits again at once; the undo
 * (throttle-affiliate with the limit it had) puts it back, and lifting it again cleans up.
 */
let affiliate = '';
const scenario: ActionScenario = {
  action: 'lift-affiliate-throttle',
  async arrange(t) {
    affiliate = t.unique('aff-lift');
    await t.action('throttle-affiliate', { affiliate_id: affiliate, per_minute: 1 });
    expect((await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('lift')))).status).toBe(202);
    expect((await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('lift')))).status).toBe(429);
    return { affiliate_id: affiliate };
  },
  async verify(t, preview, result) {
    expect(preview.touches).toEqual({ counts: { throttles: 1 }, ids: [`affiliate:${affiliate}`], total: 1 });
    expect((await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('lift')))).status).toBe(202);
    expect(result.undo).toEqual({ action_id: 'throttle-affiliate', params: { affiliate_id: affiliate, per_minute: 1 }, title: `Throttle ${affiliate} to 1 a minute again` });
    const again = await t.call('POST', '/api/runbook/actions/lift-affiliate-throttle/preview', { params: { affiliate_id: affiliate } });
    expect(again.body.touches.counts).toEqual({ throttles: 0 });
  },
  async cleanup(t, result) {
    // The undo throttles again; lifting once more leaves the affiliate as the suite found it.
    if (result.undo) await t.action(result.undo.action_id, result.undo.params);
    await t.action('lift-affiliate-throttle', { affiliate_id: affiliate });
  },
};
export default scenario;
