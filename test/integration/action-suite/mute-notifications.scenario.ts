import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** Mutes for 5 minutes: the attention data every screen reads shows the mute until the time the preview pinned. */
const scenario: ActionScenario = {
  action: 'mute-notifications',
  async arrange() {
    return { minutes: 5 };
  },
  async verify(t, preview, result) {
    expect(preview.params).toEqual({ until: expect.any(String) });
    const attention = await t.call('GET', '/api/attention');
    expect(attention.body.notifications_muted).toMatchObject({ until: new Date(preview.params.until as string).toISOString(), by: expect.any(String) });
    expect(result.undo?.action_id).toMatch(/^(unmute|mute)-notifications$/);
  },
  async cleanup(t, result) {
    if (result.undo) await t.call('POST', `/api/runbook/actions/${result.undo.action_id}/run`, { params: result.undo.params, reason: 'action suite cleanup' });
  },
};
export default scenario;
