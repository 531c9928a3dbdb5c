import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

let before = 0;

export default {
  action: 'send-test-webhook',
  async arrange(t) {
    before = t.webhookBodies().length;
    return {};
  },
  async verify(t) {
    const bodies = t.webhookBodies();
    expect(bodies).toHaveLength(before + 1);
    expect(JSON.stringify(bodies.at(-1))).toContain('DecisionOSTestNotification');
  },
} satisfies ActionScenario;
