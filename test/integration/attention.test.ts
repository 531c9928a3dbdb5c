import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
let other: string;

beforeAll(async () => {
  t = await startTestEngine(
    {
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['reconciliation'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
    },
    { telemetryTimer: false },
  );
  other = await t.keyFor('other', ['read', 'submit']);
});
afterAll(async () => {
  await t?.close();
});

const submit = async (amount: number, key?: string) => {
  const r = await t.request('POST', '/api/decisions', { body: samplePayment({ amount }), ...(key ? { key } : {}) });
  expect(r.status).toBe(202);
  return r.body.decision_id as string;
};

describe('GET /api/attention', () => {
  it('says nothing needs attention on a quiet engine', async () => {
    await t.engine.telemetry.tick();
    const a = await t.request('GET', '/api/attention');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      review: { count: 0, oldest_at: null }, blocked_tasks: 0, dead_letters: 0, queue_paused: false, breakers: [],
      alerts: { firing: [], silenced: [], pending: [] },
    });
  });

  it("counts the workspace's needs_review decisions without a verdict, with the oldest, as /review lists them; another workspace's are not counted", async () => {
    const first = await submit(20_000);
    await submit(25_000);
    const reviewed = await submit(30_000);
    await submit(60_000); // over the hard limit: blocked
    await submit(20_000, other);
    await t.drain();
    expect((await t.request('POST', `/api/governance/decisions/${reviewed}/review`, { body: { verdict: 'approve' } })).status).toBe(200);

    const a = (await t.request('GET', '/api/attention')).body;
    const listed = (await t.request('GET', '/api/decisions?status=needs_review&limit=500')).body.items;
    expect(a.review.count).toBe(2);
    expect(a.review.count).toBe(listed.length);
    expect(a.review.oldest_at).toBe((await t.request('GET', `/api/governance/decisions/${first}`)).body.created_at);
    const blocked = (await t.request('GET', '/api/governance/tasks?status=BLOCKED&limit=500')).body.items;
    expect(a.blocked_tasks).toBe(1);
    expect(a.blocked_tasks).toBe(blocked.length);
    expect(a.dead_letters).toBe((await t.request('GET', '/api/queue')).body.dead);

    const theirs = (await t.request('GET', '/api/attention', { key: other })).body;
    expect(theirs.review.count).toBe(1);
    expect(theirs.blocked_tasks).toBe(0);
  });

  it('lists a forced-open breaker with who forced it, and a paused queue', async () => {
    await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
    await t.request('POST', '/api/queue/pause', { body: { reason: 'migration window' } });
    const a = (await t.request('GET', '/api/attention')).body;
    expect(a.breakers).toEqual([
      expect.objectContaining({ integration: 'sanctions', state: 'OPEN', forced: 'open', forced_by: 'local-admin', cause: 'force-open: vendor maintenance' }),
    ]);
    expect(a.queue_paused).toBe(true);
    await t.request('POST', '/api/queue/resume', { body: { reason: 'migration done' } });
  });

  it('keeps a silenced firing alert, as silenced with who and until when, and shows a pending alert with its remaining time', async () => {
    const rule = { id: 'reviews-waiting', metric: 'needs_review_tasks', type: 'threshold', operator: '>', threshold: 0, duration: 600_000, severity: 'warning', message: 'Reviews are waiting' };
    expect((await t.request('POST', '/api/alerts/rules', { body: { rule, reason: 'reviews must not wait' } })).status).toBe(200);
    await t.engine.telemetry.tick();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const silence = await t.request('POST', '/api/alerts/silences', { body: { matchers: { alertname: 'breaker-open' }, ends_at: until, comment: 'known maintenance' } });
    expect(silence.status).toBe(200);

    const a = (await t.request('GET', '/api/attention')).body;
    expect(a.alerts.firing.map((f: { rule_id: string }) => f.rule_id)).not.toContain('breaker-open');
    expect(a.alerts.silenced).toEqual([
      expect.objectContaining({ rule_id: 'breaker-open', status: 'firing', silence: { id: silence.body.id, ends_at: until, created_by: 'local-admin', comment: 'known maintenance' } }),
    ]);
    const pending = a.alerts.pending.find((p: { rule_id: string }) => p.rule_id === 'reviews-waiting');
    expect(pending).toMatchObject({ severity: 'warning', message: 'Reviews are waiting', waiting_for: 'duration' });
    expect(pending.remaining_ms).toBeGreaterThan(590_000);
    expect(pending.remaining_ms).toBeLessThanOrEqual(600_000);
  });

  it("lists the switches operators left on (intake paused, agent actions off, the workspace's affiliate throttles) with who and why, until they are turned off", async () => {
    const run = async (action: string, params: object) => {
      const p = await t.request('POST', `/api/runbook/actions/${action}/preview`, { body: { params } });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      const r = await t.request('POST', `/api/runbook/actions/${action}/run`, { body: { params: p.body.params, reason: `attention test: ${action}`, ...(p.body.destructive ? { confirm: p.body.confirm } : {}) } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await run('pause-intake', {});
    await run('disable-agent-actions', {});
    await run('throttle-affiliate', { affiliate_id: 'aff-att', per_minute: 3 });
    const on = (await t.request('GET', '/api/attention')).body;
    expect(on.intake_paused).toEqual({ by: 'local-admin', reason: 'attention test: pause-intake', since: expect.any(String) });
    expect(on.agent_actions_disabled).toMatchObject({ reason: 'attention test: disable-agent-actions' });
    expect(on.affiliate_throttles).toEqual([{ affiliate_id: 'aff-att', per_minute: 3, until: null, by: 'local-admin', reason: 'attention test: throttle-affiliate', since: expect.any(String) }]);
    // The throttle is the workspace's; the intake pause is the engine's.
    const elsewhere = (await t.request('GET', '/api/attention', { key: other })).body;
    expect([elsewhere.affiliate_throttles, elsewhere.intake_paused?.by]).toEqual([[], 'local-admin']);

    await run('resume-intake', {});
    await run('enable-agent-actions', {});
    await run('lift-affiliate-throttle', { affiliate_id: 'aff-att' });
    expect((await t.request('GET', '/api/attention')).body).toMatchObject({ intake_paused: null, agent_actions_disabled: null, affiliate_throttles: [] });
  });

    it('refuses unknown parameters with a code and a sentence, and callers without a key', async () => {
    const bad = await t.request('GET', '/api/attention?verbose=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    expect((await t.request('GET', '/api/attention', { key: null })).status).toBe(401);
  });
});
