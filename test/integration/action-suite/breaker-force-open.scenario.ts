import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'breaker-force-open',
  async arrange(t) {
    return { integration: t.integration };
  },
  async verify(t, preview, result) {
    expect(preview.touches).toEqual({ counts: { breakers: 1 }, ids: [t.integration], total: 1 });
    const breaker = (await t.call('GET', '/api/breakers')).body.items.find((b: { integration: string }) => b.integration === t.integration);
    expect(breaker).toMatchObject({ state: 'OPEN', forced: 'open' });
    expect(result.undo?.action_id).toBe('breaker-reset');
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
  },
} satisfies ActionScenario;
