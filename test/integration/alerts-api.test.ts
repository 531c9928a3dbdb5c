import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
const posted: { url: string; body: { status: string; alerts: { labels: Record<string, string>; status: string }[] } }[] = [];

beforeAll(async () => {
  t = await startTestEngine(
    {
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
      alertWebhookUrl: 'http://127.0.0.1:9/hook',
    },
    { telemetryTimer: false, webhookPost: async (url, body) => (posted.push({ url, body: body as (typeof posted)[number]['body'] }), { status: 200 }) },
  );
});
afterAll(async () => {
  await t?.close();
});

describe('alerts over HTTP', () => {
  it('answers a bare list, [] when healthy, as the runbook pipes it to jq length', async () => {
    await t.engine.telemetry.tick();
    const active = await t.request('GET', '/api/alerts/active');
    expect(active.status).toBe(200);
    expect(active.body).toEqual([]);
    expect((await t.request('GET', '/api/alerts/history')).body).toEqual([]);
  });

  it('fires breaker-open when an operator forces a breaker open, notifies the webhook, and leaves the active list when silenced', async () => {
    await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
    await t.engine.telemetry.tick();
    const active = (await t.request('GET', '/api/alerts/active')).body;
    expect(active).toEqual([expect.objectContaining({ rule_id: 'breaker-open', status: 'firing', value: 1, severity: 'critical' })]);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toMatchObject({ status: 'firing', alerts: [expect.objectContaining({ labels: expect.objectContaining({ alertname: 'breaker-open' }) })] });

    const ack = await t.request('POST', '/api/alerts/breaker-open/acknowledge', { body: { comment: 'on it: vendor says 30 min' } });
    expect(ack.body.acknowledged).toMatchObject({ by: 'local-admin', comment: 'on it: vendor says 30 min' });

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const noComment = await t.request('POST', '/api/alerts/silences', { body: { matchers: { alertname: 'breaker-open' }, ends_at: until } });
    expect(noComment.status).toBe(400);
    const past = await t.request('POST', '/api/alerts/silences', { body: { matchers: { alertname: 'breaker-open' }, ends_at: '2020-01-01T00:00:00Z', comment: 'too late' } });
    expect(past.status).toBe(400);
    const silence = await t.request('POST', '/api/alerts/silences', { body: { matchers: { alertname: 'breaker-open' }, ends_at: until, comment: 'known maintenance' } });
    expect(silence.status).toBe(200);
    expect(silence.body).toMatchObject({ created_by: 'local-admin', active: true });
    expect((await t.request('GET', '/api/alerts/active')).body).toEqual([]);
    expect((await t.request('GET', '/api/alerts/active?include_silenced=true')).body).toHaveLength(1);
    expect((await t.request('GET', '/api/alerts/history')).body[0]).toMatchObject({ rule_id: 'breaker-open', status: 'firing' });

    await t.request('POST', `/api/alerts/silences/${silence.body.id}/expire`, { body: {} });
    expect((await t.request('GET', '/api/alerts/active')).body).toHaveLength(1);
    await t.request('POST', '/api/breakers/sanctions/reset', { body: { reason: 'maintenance over' } });
    await t.engine.telemetry.tick();
    expect((await t.request('GET', '/api/alerts/active')).body).toEqual([]);
    expect(posted.at(-1)?.body.status).toBe('resolved');
    const deliveries = (await t.request('GET', '/api/alerts/deliveries')).body;
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, http_status: 200 });
    const metrics = (await t.request('GET', '/metrics')).body as string;
    expect(metrics).toContain('decisionos_alerts_total{rule="breaker-open",severity="critical"} 1');
    expect(metrics).toContain('decisionos_alert_notifications_total{receiver="webhook",status="delivered"} 2');
  });

  it('validates, creates, versions and disables rules; only admin keys may change them', async () => {
    const rule = { id: 'needs-review-pileup', metric: 'needs_review_tasks', type: 'threshold', operator: '>', threshold: 100, duration: 600_000, severity: 'warning', message: 'Reviews are piling up' };
    const unknownMetric = await t.request('POST', '/api/alerts/rules', { body: { rule: { ...rule, metric: 'cpu' }, reason: 'new rule' } });
    expect(unknownMetric.status).toBe(400);
    expect(unknownMetric.body.error.message).toContain('rule.metric');
    const reader = await t.keyFor('default', ['read', 'operate']);
    expect((await t.request('POST', '/api/alerts/rules', { key: reader, body: { rule, reason: 'new rule' } })).status).toBe(403);

    const created = await t.request('POST', '/api/alerts/rules', { body: { rule, reason: 'reviews pile up on Mondays' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'needs-review-pileup', version: 1, cooldown: 300_000, enabled: true, state: 'inactive' });
    expect((await t.request('POST', '/api/alerts/rules', { body: { rule, reason: 'again' } })).status).toBe(409);
    const mismatch = await t.request('POST', '/api/alerts/rules/other-id', { body: { rule, reason: 'edit' } });
    expect(mismatch.status).toBe(400);
    const edited = await t.request('POST', '/api/alerts/rules/needs-review-pileup', { body: { rule: { ...rule, threshold: 200 }, reason: 'too noisy' } });
    expect(edited.body).toMatchObject({ version: 2, threshold: 200 });
    const disabled = await t.request('POST', '/api/alerts/rules/needs-review-pileup/disable', { body: { reason: 'team offsite' } });
    expect(disabled.body).toMatchObject({ version: 3, enabled: false });
    expect((await t.request('POST', '/api/alerts/rules/nope/disable', { body: { reason: 'x y z' } })).status).toBe(404);
    const listed = (await t.request('GET', '/api/alerts/rules')).body as { id: string }[];
    expect(listed.map((r) => r.id)).toContain('needs-review-pileup');
  });

  it('serves the series the UI charts, aligned on one time axis, and refuses unknown names', async () => {
    await t.engine.telemetry.tick();
    const series = await t.request('GET', '/api/series?names=queue_depth,breakers_open');
    expect(series.status).toBe(200);
    expect(series.body.names).toEqual(['queue_depth', 'breakers_open']);
    expect(series.body.at.length).toBeGreaterThanOrEqual(4);
    expect(series.body.values.queue_depth).toHaveLength(series.body.at.length);
    expect(series.body.values.breakers_open).toContain(1);
    const bad = await t.request('GET', '/api/series?names=cpu');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('unknown series: cpu');
  });
});
