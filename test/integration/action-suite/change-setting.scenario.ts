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

    // A per-integration setting, kept in the same shared store: the breakers list shows it; its undo is for that integration.
    const threshold = await t.action('change-setting', { name: 'failure_threshold', target: t.integration, value: 2 });
    expect(threshold.preview.touches.ids).toEqual([`failure_threshold:${t.integration}`]);
    const breakers = (await t.call('GET', '/api/breakers')).body.items as { integration: string; settings: { failure_threshold: number } }[];
    expect(breakers.find((b) => b.integration === t.integration)?.settings.failure_threshold).toBe(2);
    expect(threshold.result.undo?.params).toEqual({ name: 'failure_threshold', target: t.integration, value: 5 });
    await t.action('change-setting', threshold.result.undo?.params);

    // A per-workspace rate limit, through the backend's own limiter (Redis in production mode): only that workspace is held to it.
    const workspace = t.unique('ws-limited');
    const key = await t.keyFor(['submit'], workspace);
    const limit = await t.action('change-setting', { name: 'rate_limit_per_minute', target: workspace, value: 1 });
    const payment = { decision_type: 'payment_fraud_check', inputs: { amount: 1, currency: 'EUR', customer_id: t.unique('rl') } };
    const statuses = [(await t.call('POST', '/api/decisions', payment, key)).status, (await t.call('POST', '/api/decisions', payment, key)).status];
    expect(statuses).toEqual([202, 429]);
    await t.action('change-setting', limit.result.undo?.params);
  },
  async cleanup(t, result) {
    await t.action(result.undo?.action_id as string, result.undo?.params);
  },
} satisfies ActionScenario;
