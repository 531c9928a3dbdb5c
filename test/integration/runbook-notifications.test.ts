import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import type { IntegrationConfig } from '../../src/shared/schemas/integrations';

const MIN = 60_000;
let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Posted {
  alerts: { labels: Record<string, string>; status: string }[];
}

const SANCTIONS: IntegrationConfig = {
  name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
  breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
};

/** An engine on a hand-moved clock whose webhook receiver records what it gets; a forced-open breaker fires `breaker-open`. */
async function engine(clock: { now: number }, posted: Posted[]): Promise<TestEngine> {
  const e = await startTestEngine(
    { alertWebhookUrl: 'http://hooks.example.test/alerts', integrations: [SANCTIONS], rateLimitPerMinute: 100_000 },
    { telemetryTimer: false, clock: { now: () => clock.now }, webhookPost: async (_url, body) => (posted.push(body as Posted), { status: 200 }) },
  );
  // The clock jumps minutes between steps, which monitor-stale rightly reads as a stalled monitor.
  await e.request('POST', '/api/alerts/rules/monitor-stale/disable', { body: { reason: 'this test moves its clock minutes between steps' } });
  return e;
}

async function action(e: TestEngine, id: string, params: Record<string, unknown> = {}, key?: string) {
  const preview = await e.request('POST', `/api/runbook/actions/${id}/preview`, { body: { params }, ...(key ? { key } : {}) });
  if (preview.status !== 200) return { preview, run: preview };
  const run = await e.request('POST', `/api/runbook/actions/${id}/run`, { body: { params: preview.body.params, reason: 'alert storm during the vendor outage' }, ...(key ? { key } : {}) });
  return { preview, run };
}

const breaker = (e: TestEngine, what: 'force-open' | 'reset') => e.request('POST', `/api/breakers/sanctions/${what}`, { body: { reason: 'vendor maintenance' } });
const statuses = (posted: Posted[]) => posted.flatMap((p) => p.alerts.map((a) => `${a.labels.alertname}:${a.status}`));

describe('runbook actions mute-notifications and unmute-notifications', () => {
  it('holds every notification back while muted (recorded as held), shows the mute in the attention data, and sends what still fires once unmuted', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    const posted: Posted[] = [];
    t = await engine(clock, posted);

    const mute = await action(t, 'mute-notifications', { minutes: 30 });
    expect(mute.preview.body.params).toEqual({ until: '2026-03-02T08:30:00.000Z' });
    expect([mute.run.status, mute.run.body.counts]).toEqual([200, { mutes: 1 }]);
    expect(mute.run.body.undo).toEqual({ action_id: 'unmute-notifications', params: {}, title: expect.any(String) });
    expect((await t.request('GET', '/api/attention')).body.notifications_muted).toEqual({
      until: '2026-03-02T08:30:00.000Z', by: 'local-admin', reason: 'alert storm during the vendor outage', since: '2026-03-02T08:00:00.000Z',
    });

    // Fires, resolves, fires again inside the mute: evaluated and shown, nothing posted, every hold recorded.
    await breaker(t, 'force-open');
    await t.engine.telemetry.tick();
    expect((await t.request('GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id)).toEqual(['breaker-open']);
    await breaker(t, 'reset');
    clock.now += 6 * MIN;
    await t.engine.telemetry.tick();
    await breaker(t, 'force-open');
    clock.now += 6 * MIN;
    await t.engine.telemetry.tick();
    expect(posted).toEqual([]);
    const held = (await t.request('GET', '/api/alerts/deliveries')).body;
    expect(held.map((d: { status: string }) => d.status)).toEqual(['held', 'held', 'held']);
    expect(held[0].last_error).toBe('muted until 2026-03-02T08:30:00.000Z by local-admin');
    expect((await t.request('GET', '/api/alerts/history')).body.map((a: { status: string }) => a.status)).toEqual(['firing', 'resolved', 'firing']);

    const unmute = await action(t, mute.run.body.undo.action_id, mute.run.body.undo.params);
    expect([unmute.run.status, unmute.run.body.counts]).toEqual([200, { mutes: 1 }]);
    expect(unmute.run.body.undo).toEqual({ action_id: 'mute-notifications', params: { until: '2026-03-02T08:30:00.000Z' }, title: expect.any(String) });
    expect((await t.request('GET', '/api/attention')).body.notifications_muted).toBeNull();
    await t.engine.telemetry.tick();
    // The first firing and its resolution happened inside the mute: the receiver hears only of what still fires.
    expect(statuses(posted)).toEqual(['breaker-open:firing']);

    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items.map((i: { details: { action: string } }) => i.details.action);
    expect(timeline).toEqual(['unmute-notifications', 'mute-notifications']);
  });

  it('ends on its own at its time: notifications flow again without an unmute; the webhook check warns while muted and passes after', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    const posted: Posted[] = [];
    const e = await engine(clock, posted);
    t = e;
    await action(t, 'mute-notifications', { minutes: 1 });
    await breaker(t, 'force-open');
    await t.engine.telemetry.tick();
    expect(posted).toEqual([]);
    const check = async () => (await e.request('GET', '/api/runbook/checks?ids=webhook-deliveries')).body.checks[0];
    expect(await check()).toMatchObject({ status: 'warn', summary: expect.stringContaining('muted until 2026-03-02T08:01:00.000Z by local-admin') });

    clock.now += 2 * MIN;
    expect((await t.request('GET', '/api/attention')).body.notifications_muted).toBeNull();
    await t.engine.telemetry.notifier?.flush();
    expect(statuses(posted)).toEqual(['breaker-open:firing']);
    expect((await check()).status).toBe('pass'); // the held deliveries say nothing about the receiver
    const unmute = await action(t, 'unmute-notifications');
    expect([unmute.preview.body.touches.counts, unmute.run.body.counts, unmute.run.body.undo]).toEqual([{ mutes: 0 }, { mutes: 0 }, null]);
  });

  it('a second mute replaces the first and its undo puts the first back; bad times and a key without system are refused and nothing changes', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    t = await engine(clock, []);
    const first = await action(t, 'mute-notifications', { until: '2026-03-02T09:00:00Z' });
    expect(first.run.status).toBe(200);
    const second = await action(t, 'mute-notifications', { minutes: 10 });
    expect(second.preview.body.summary).toMatch(/replacing the mute local-admin set until 2026-03-02T09:00:00.000Z/);
    expect(second.run.body.undo).toEqual({ action_id: 'mute-notifications', params: { until: '2026-03-02T09:00:00.000Z' }, title: expect.any(String) });
    await action(t, 'mute-notifications', second.run.body.undo.params);
    expect((await t.request('GET', '/api/attention')).body.notifications_muted.until).toBe('2026-03-02T09:00:00.000Z');

    for (const params of [{}, { minutes: 0 }, { minutes: 10_081 }, { minutes: 5, until: '2026-03-02T09:00:00Z' }, { until: '2026-03-02T07:00:00Z' }, { until: '2026-03-20T07:00:00Z' }, { until: 'tomorrow' }, { minutes: 5, extra: 1 }]) {
      const r = await t.request('POST', '/api/runbook/actions/mute-notifications/preview', { body: { params } });
      expect([r.status, r.body.error.code], JSON.stringify(params)).toEqual([400, 'validation_failed']);
    }
    const operator = await t.keyFor('default', ['operate', 'admin']);
    const refused = await action(t, 'unmute-notifications', {}, operator);
    expect([refused.preview.status, refused.preview.body.error.code]).toEqual([403, 'forbidden']);
    const run = await t.request('POST', '/api/runbook/actions/unmute-notifications/run', { body: { params: {}, reason: 'try anyway' }, key: operator });
    expect(run.status).toBe(403);
    expect((await t.request('GET', '/api/attention')).body.notifications_muted.until).toBe('2026-03-02T09:00:00.000Z');
  });

  it('two mutes at once both succeed and one of them is the mute in force', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    t = await engine(clock, []);
    const runs = await Promise.all([10, 20].map((minutes) => t!.request('POST', '/api/runbook/actions/mute-notifications/run', { body: { params: { minutes }, reason: 'two on-calls at once' } })));
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    expect(['2026-03-02T08:10:00.000Z', '2026-03-02T08:20:00.000Z']).toContain((await t.request('GET', '/api/attention')).body.notifications_muted.until);
  });
});
