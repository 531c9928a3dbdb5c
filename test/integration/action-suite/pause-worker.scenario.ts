import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'pause-worker',
  async arrange() {
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ queue: 1 });
    expect((await t.call('GET', '/api/queue')).body.paused).toBe(true);
    expect(result.undo?.action_id).toBe('resume-worker');
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
  },
} satisfies ActionScenario;
