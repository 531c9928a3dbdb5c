import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

export default {
  action: 'change-setting',
  async arrange() {
    return { name: 'idempotency_ttl_ms', value: 3_600_000 };
  },
  async verify(t, preview, result) {
    expect(preview.touches).toEqual({ counts: { settings: 1 }, ids: ['idempotency_ttl_ms'], total: 1 });
    // Every process reads it from the shared store: a new preview starts from the value just set.
    const again = await t.call('POST', '/api/runbook/actions/change-setting/preview', { params: { name: 'idempotency_ttl_ms', value: 3_600_000 } });
    expect(again.body.touches.counts).toEqual({ settings: 0 });
    expect(result.undo).toMatchObject({ action_id: 'change-setting', params: { name: 'idempotency_ttl_ms', value: 86_400_000 } });
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
  },
} satisfies ActionScenario;
