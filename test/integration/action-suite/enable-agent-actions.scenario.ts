import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'enable-agent-actions',
  async arrange(t) {
    await t.action('disable-agent-actions');
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ switches: 1 });
    const call = await t.submit({ decision_type: 'agent_tool_call', task_id: t.unique('agent'), inputs: { agent_id: 'suite-agent', tool: 'gmail.send' } });
    expect((await t.settled(call.decision_id)).status).toBe('approved');
    expect(result.undo?.action_id).toBe('disable-agent-actions');
  },
} satisfies ActionScenario;
