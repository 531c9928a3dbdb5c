import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** A mute set through the API is lifted: the attention data shows none. */
const scenario: ActionScenario = {
  action: 'unmute-notifications',
  async arrange(t) {
    const muted = await t.call('POST', '/api/runbook/actions/mute-notifications/run', { params: { minutes: 10 }, reason: 'action suite: something to unmute' });
    expect(muted.status).toBe(200);
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ mutes: 1 });
    expect((await t.call('GET', '/api/attention')).body.notifications_muted).toBeNull();
    expect(result.undo).toMatchObject({ action_id: 'mute-notifications', params: { until: expect.any(String) } });
  },
  // No cleanup: the undo would mute again; the suite starts and ends unmuted.
};
export default scenario;
