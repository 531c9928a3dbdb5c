import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

const MIN = 60_000;
let t: TestEngine;
const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
const posted: { alerts: { labels: Record<string, string>; status: string }[] }[] = [];

beforeAll(async () => {
  t = await startTestEngine(
    {
      alertWebhookUrl: 'http://hooks.example.test/alerts',
      rateLimitPerMinute: 100_000,
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
    },
    { telemetryTimer: false, clock: { now: () => clock.now }, webhookPost: async (_url, body) => (posted.push(body as (typeof posted)[number]), { status: 200 }) },
  );
  // The clock jumps minutes between steps, which monitor-stale rightly reads as a stalled monitor.
  await t.request('POST', '/api/alerts/rules/monitor-stale/disable', { body: { reason: 'this test moves its clock minutes between steps' } });
  await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
  await t.engine.telemetry.tick();
});
afterAll(async () => {
  await t?.close();
});

const firing = async () => (await t.request('GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id);
const preview = (id: string, params: object, key?: string) => t.request('POST', `/api/runbook/actions/${id}/preview`, { body: { params }, ...(key ? { key } : {}) });
const run = (id: string, params: object, key?: string) => t.request('POST', `/api/runbook/actions/${id}/run`, { body: { params, reason: 'alert storm: vendor maintenance window' }, ...(key ? { key } : {}) });

describe('runbook actions silence-alert and expire-silence', () => {
  it('previews the firing alerts it would silence, creates the same silence the Alerts screen lists, and its undo expires it', async () => {
    expect(await firing()).toEqual(['breaker-open']);
    const p = await preview('silence-alert', { alert: 'breaker-open', minutes: 60 });
    expect(p.status).toBe(200);
    expect(p.body.touches).toEqual({ counts: { silences: 1, alerts: 1 }, ids: ['breaker-open'], total: 1 });
    const r = await run('silence-alert', p.body.params);
    expect([r.status, r.body.counts]).toEqual([200, { silences: 1, alerts: 1 }]);
    expect(r.body.undo.action_id).toBe('expire-silence');
    const id = r.body.undo.params.silence_id;

    const listed = (await t.request('GET', '/api/alerts/silences')).body.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({
      matchers: [{ label: 'alertname', op: '=', value: 'breaker-open' }], state: 'active', created_by: 'local-admin',
      comment: 'alert storm: vendor maintenance window', ends_at: new Date(clock.now + 60 * MIN).toISOString(),
    });
    expect(await firing()).toEqual([]);
    const events = (await t.request('GET', '/api/timeline?kinds=alert,runbook')).body.items.map((i: { event_type: string }) => i.event_type);
    expect(events).toEqual(expect.arrayContaining(['RUNBOOK_ACTION', 'ALERT_SILENCED']));

    // Silenced: its resolution is not sent.
    const before = posted.length;
    await t.request('POST', '/api/breakers/sanctions/reset', { body: { reason: 'vendor back' } });
    clock.now += MIN;
    await t.engine.telemetry.tick();
    expect(posted.length).toBe(before);
    await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance again' } });
    clock.now += 6 * MIN;
    await t.engine.telemetry.tick();

    const undoPreview = await preview('expire-silence', r.body.undo.params);
    expect(undoPreview.body.touches).toEqual({ counts: { silences: 1, alerts: 1 }, ids: [id, 'breaker-open'], total: 2 });
    const undone = await run('expire-silence', undoPreview.body.params);
    expect([undone.status, undone.body.counts, undone.body.undo]).toEqual([200, { silences: 1, alerts: 1 }, null]);
    expect(await firing()).toEqual(['breaker-open']);
    expect((await t.request('GET', '/api/alerts/silences')).body.find((s: { id: string }) => s.id === id).state).toBe('expired');

    const again = await preview('expire-silence', r.body.undo.params);
    expect(again.body.touches.counts).toEqual({ silences: 0, alerts: 0 });
    expect((await run('expire-silence', again.body.params)).body.counts).toEqual({ silences: 0, alerts: 0 });
  });

  it('narrows by more matchers: a severity that does not match silences nothing now', async () => {
    const p = await preview('silence-alert', { alert: 'breaker-open', minutes: 5, matchers: [{ label: 'severity', op: '=~', value: 'warning|info' }] });
    expect(p.body.touches).toEqual({ counts: { silences: 1, alerts: 0 }, ids: [], total: 0 });
    const r = await run('silence-alert', p.body.params);
    expect(r.body.counts).toEqual({ silences: 1, alerts: 0 });
    expect(await firing()).toEqual(['breaker-open']);
    await run('expire-silence', r.body.undo.params);
  });

  it('narrows by any label with != and !~: a missing label is "", so team!=payments holds for an alert without a team', async () => {
    const p = await preview('silence-alert', { alert: 'breaker-open', minutes: 5, matchers: [{ label: 'team', op: '!=', value: 'payments' }, { label: 'severity', op: '!~', value: 'info|warning' }] });
    expect(p.status).toBe(200);
    expect(p.body.touches).toEqual({ counts: { silences: 1, alerts: 1 }, ids: ['breaker-open'], total: 1 });
  });

  it('refuses an unknown rule, bad durations and matchers, an unknown silence and a key without the system scope, creating nothing', async () => {
    const count = (await t.request('GET', '/api/alerts/silences')).body.length;
    expect((await preview('silence-alert', { alert: 'no-such-rule', minutes: 5 })).body.error.code).toBe('not_found');
    for (const params of [{ alert: 'breaker-open' }, { alert: 'breaker-open', minutes: 0 }, { alert: 'breaker-open', minutes: 10_081 }, { alert: 'x'.repeat(65), minutes: 5 },
      { alert: 'breaker-open', minutes: 5, matchers: [{ label: 'pod-name', op: '=', value: 'a' }] }, { alert: 'breaker-open', minutes: 5, matchers: Array(8).fill({ label: 'severity', value: 'critical' }) }]) {
      const r = await preview('silence-alert', params);
      expect([r.status, r.body.error?.code], JSON.stringify(params).slice(0, 80)).toEqual([400, 'validation_failed']);
    }
    const bad = await run('silence-alert', { alert: 'breaker-open', minutes: 5, matchers: [{ label: 'severity', op: '=~', value: '(' }] });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await preview('expire-silence', { silence_id: 'sil-nope' })).status).toBe(404);
    const operator = await t.keyFor('default', ['read', 'operate', 'admin']);
    expect((await run('silence-alert', { alert: 'breaker-open', minutes: 5 }, operator)).status).toBe(403);
    expect((await t.request('GET', '/api/alerts/silences')).body.length).toBe(count);
  });
});
