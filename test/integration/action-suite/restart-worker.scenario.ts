import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** Every live worker restarts and confirms; a decision submitted afterwards is judged. */
const scenario: ActionScenario = {
  action: 'restart-worker',
  async arrange(t) {
    const queue = (await t.call('GET', '/api/queue')).body;
    expect(queue.workers.processes.length).toBeGreaterThan(0);
    return {};
  },
  async verify(t, preview, result) {
    const live = (await t.call('GET', '/api/queue')).body.workers.processes.map((w: { owner: string }) => w.owner);
    expect(preview.touches.ids.every((owner) => live.includes(owner))).toBe(true);
    expect(result.counts).toEqual({ workers: preview.touches.total });
    const submitted = await t.submit({ decision_type: 'agent_tool_call', task_id: t.unique('restart'), inputs: { agent_id: 'a-1', tool: 'gmail.send' } });
    expect(['approved', 'needs_review', 'blocked']).toContain((await t.settled(submitted.decision_id)).status);
  },
};
export default scenario;
