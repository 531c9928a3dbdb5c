import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** Intake paused by the arrange step; the run opens it: a submission is accepted again. */
const scenario: ActionScenario = {
  action: 'resume-intake',
  async arrange(t) {
    const paused = await t.call('POST', '/api/runbook/actions/pause-intake/run', { params: {}, reason: 'action suite arrange' });
    expect(paused.status).toBe(200);
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ switches: 1 });
    const accepted = await t.submit({ decision_type: 'agent_tool_call', task_id: t.unique('intake'), inputs: { agent_id: 'a-1', tool: 'gmail.send' } });
    expect(accepted.status).toBe('queued');
    expect((await t.call('GET', '/ready')).body.checks.intake.detail).toBe('accepting');
    expect(result.undo?.action_id).toBe('pause-intake');
  },
};
export default scenario;
