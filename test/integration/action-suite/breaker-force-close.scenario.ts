import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'breaker-force-close',
  async arrange(t) {
    return { integration: t.integration };
  },
  async verify(t, preview) {
    expect(preview.touches).toEqual({ counts: { breakers: 1 }, ids: [t.integration], total: 1 });
    const breaker = (await t.call('GET', '/api/breakers')).body.items.find((b: { integration: string }) => b.integration === t.integration);
    expect(breaker).toMatchObject({ state: 'CLOSED', forced: 'closed' });
  },
  async cleanup(t) {
    await t.action('breaker-reset', { integration: t.integration });
  },
} satisfies ActionScenario;
