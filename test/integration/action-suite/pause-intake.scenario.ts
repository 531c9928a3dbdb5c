import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** Pauses intake; a submission is refused with 503 intake_paused while reads still answer; the undo opens it again. */
const scenario: ActionScenario = {
  action: 'pause-intake',
  async arrange() {
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ switches: 1 });
    const refused = await t.call('POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: t.unique('intake'), inputs: { agent_id: 'a-1', tool: 'gmail.send' } });
    expect([refused.status, refused.body.error?.code]).toEqual([503, 'intake_paused']);
    expect((await t.call('GET', '/api/queue')).status).toBe(200);
    expect((await t.call('GET', '/ready')).body.checks.intake.detail).toMatch(/^paused by /);
    expect(result.undo?.action_id).toBe('resume-intake');
  },
  async cleanup(t, result) {
    if (result.undo) await t.call('POST', `/api/runbook/actions/${result.undo.action_id}/run`, { params: result.undo.params, reason: 'action suite cleanup' });
  },
};
export default scenario;
