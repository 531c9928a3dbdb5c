import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'breaker-reset',
  async arrange(t) {
    await t.action('breaker-force-open', { integration: t.integration });
    return { integration: t.integration };
  },
  async verify(t, preview, result) {
    expect(preview.touches).toEqual({ counts: { breakers: 1 }, ids: [t.integration], total: 1 });
    const breaker = (await t.call('GET', '/api/breakers')).body.items.find((b: { integration: string }) => b.integration === t.integration);
    expect(breaker).toMatchObject({ state: 'CLOSED', forced: null });
    expect(result.undo?.action_id).toBe('breaker-force-open');
  },
} satisfies ActionScenario;
