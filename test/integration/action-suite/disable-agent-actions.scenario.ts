import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'disable-agent-actions',
  async arrange() {
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ switches: 1 });
    const call = await t.submit({ decision_type: 'agent_tool_call', task_id: t.unique('agent'), inputs: { agent_id: 'suite-agent', tool: 'gmail.send' } });
    const judged = await t.settled(call.decision_id);
    expect(judged.status).toBe('blocked');
    expect(judged.findings[0].code).toBe('actions_disabled');
    expect(result.undo?.action_id).toBe('enable-agent-actions');
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
  },
} satisfies ActionScenario;
