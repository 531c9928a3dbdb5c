import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

const reconciliation = (affiliate: string, taskId: string) => ({
  decision_type: 'reconciliation', task_id: taskId, inputs: { affiliate_id: affiliate, platform: 'youtube', claimed_amount: 10, reported_amount: 10 },
});

/**
 * Throttles one affiliate to 2 a minute: its third submission is 429 affiliate_throttled naming it and the limit,
 * another affiliate still submits; the undo (lift-affiliate-throttle) lifts it and the affiliate submits again.
 */
let affiliate = '';
let other = '';
const scenario: ActionScenario = {
  action: 'throttle-affiliate',
  async arrange(t) {
    affiliate = t.unique('aff-throttled');
    other = t.unique('aff-free');
    return { affiliate_id: affiliate, per_minute: 2 };
  },
  async verify(t, preview, result) {
    expect(preview.touches).toEqual({ counts: { throttles: 1 }, ids: [`affiliate:${affiliate}`], total: 1 });
    for (let i = 0; i < 2; i += 1) expect((await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('thr')))).status).toBe(202);
    const refused = await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('thr')));
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'affiliate_throttled']);
    expect(refused.body.error.message).toContain(`affiliate ${affiliate} is throttled to 2 submission(s) a minute`);
    expect(refused.body.error.details.retry_after_s).toBeGreaterThan(0);
    expect((await t.call('POST', '/api/decisions', reconciliation(other, t.unique('thr')))).status).toBe(202);
    expect(result.undo).toEqual({ action_id: 'lift-affiliate-throttle', params: { affiliate_id: affiliate }, title: `Lift the throttle of ${affiliate}` });
    const lifted = await t.action(result.undo?.action_id as string, result.undo?.params);
    expect(lifted.result.counts).toEqual({ throttles: 1 });
    expect((await t.call('POST', '/api/decisions', reconciliation(affiliate, t.unique('thr')))).status).toBe(202);
  },
};
export default scenario;
