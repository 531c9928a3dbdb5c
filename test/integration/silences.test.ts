import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

const HOUR = 3_600_000;
let t: TestEngine;
let now = Date.parse('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await startTestEngine(
    {
      rateLimitPerMinute: 1_000,
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
    },
    { telemetryTimer: false, clock: { now: () => now } },
  );
  await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
  await t.engine.telemetry.tick();
});
afterAll(async () => {
  await t?.close();
});

const firing = async () => (await t.request('GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id);
const create = (body: object, key?: string) => t.request('POST', '/api/alerts/silences', { body: { comment: 'vendor maintenance window', ...body }, ...(key ? { key } : {}) });
const expire = (id: string, body: object = {}, key?: string) => t.request('POST', `/api/alerts/silences/${id}/expire`, { body, ...(key ? { key } : {}) });

describe('silences', () => {
  it('a silence scheduled ahead mutes nothing until it starts, then mutes, then expires at its end', async () => {
    expect(await firing()).toEqual(['breaker-open']);
    const scheduled = await create({ matchers: [{ label: 'alertname', op: '=', value: 'breaker-open' }], starts_at: at(now + HOUR), ends_at: at(now + 2 * HOUR) });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ state: 'pending', active: false, starts_at: at(now + HOUR), created_by: 'local-admin', comment: 'vendor maintenance window' });
    expect(await firing()).toEqual(['breaker-open']);

    now += HOUR;
    expect(await firing()).toEqual([]);
    const silenced = (await t.request('GET', '/api/alerts/active?include_silenced=true')).body;
    expect(silenced).toEqual([expect.objectContaining({ rule_id: 'breaker-open', silenced_by: scheduled.body.id })]);
    const listed = (await t.request('GET', '/api/alerts/silences')).body;
    expect(listed.find((s: { id: string }) => s.id === scheduled.body.id)).toMatchObject({ state: 'active', active: true });

    now += HOUR;
    expect(await firing()).toEqual(['breaker-open']);
    const after = (await t.request('GET', '/api/alerts/silences')).body;
    expect(after.find((s: { id: string }) => s.id === scheduled.body.id)).toMatchObject({ state: 'expired', active: false });
  });

  it('matches a label by RE2 regex against the whole value', async () => {
    const partial = await create({ matchers: [{ label: 'alertname', op: '=~', value: 'breaker' }], ends_at: at(now + HOUR) });
    expect(partial.status).toBe(200);
    expect(await firing()).toEqual(['breaker-open']);
    const whole = await create({ matchers: [{ label: 'alertname', op: '=~', value: 'breaker-.*|queue-.*' }, { label: 'severity', op: '=~', value: 'high|critical' }], ends_at: at(now + HOUR) });
    expect(whole.status).toBe(200);
    expect(await firing()).toEqual([]);
    await expire(partial.body.id);
    await expire(whole.body.id);
    expect(await firing()).toEqual(['breaker-open']);
  });

  it('expires an active silence now with a reason and cancels a pending one; an ended silence cannot be expired again', async () => {
    const active = await create({ matchers: [{ label: 'severity', value: 'critical' }], ends_at: at(now + HOUR) });
    expect(await firing()).toEqual([]);
    const ended = await expire(active.body.id, { reason: 'vendor is back early' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'expired', ends_at: at(now) });
    expect(await firing()).toEqual(['breaker-open']);
    const again = await expire(active.body.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');

    const pending = await create({ matchers: [{ label: 'alertname', value: 'breaker-open' }], starts_at: at(now + HOUR), ends_at: at(now + 2 * HOUR) });
    expect((await expire(pending.body.id, { reason: 'window moved' })).body).toMatchObject({ state: 'expired' });
    now += 90 * 60_000;
    expect(await firing()).toEqual(['breaker-open']);

    let summaries: string[] = [];
    for (let i = 0; i < 50 && !summaries.some((s) => s.includes('vendor is back early')); i += 1) {
      summaries = (await t.request('GET', '/api/timeline?limit=200&kinds=alert')).body.items.map((e: { summary: string }) => e.summary);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(summaries).toContainEqual(expect.stringContaining(`local-admin ended silence ${active.body.id} (severity=critical): vendor is back early`));
  });

  it.each([
    ['an end before the start', (now: number) => ({ matchers: [{ label: 'alertname', value: 'breaker-open' }], starts_at: at(now + 2 * HOUR), ends_at: at(now + HOUR) }), 'ends_at'],
    ['a start in the past beyond the tolerance', (now: number) => ({ matchers: [{ label: 'alertname', value: 'breaker-open' }], starts_at: at(now - HOUR), ends_at: at(now + HOUR) }), 'starts_at'],
    ['a label that is not a label name', (now: number) => ({ matchers: [{ label: 'integration-name', value: 'sanctions' }], ends_at: at(now + HOUR) }), 'matchers.0.label: a label name is'],
    ['a regex too long', (now: number) => ({ matchers: [{ label: 'alertname', op: '=~', value: 'a'.repeat(201) }], ends_at: at(now + HOUR) }), 'at most 200 characters'],
    ['a regex RE2 cannot compile', (now: number) => ({ matchers: [{ label: 'alertname', op: '=~', value: '(?=breaker)' }], ends_at: at(now + HOUR) }), 'not a valid RE2 regex'],
    ['more than 8 matchers', (now: number) => ({ matchers: Array.from({ length: 9 }, () => ({ label: 'severity', value: 'critical' })), ends_at: at(now + HOUR) }), 'at most 8 matchers'],
  ])('refuses %s with 400, a code and a sentence, and stores nothing', async (_what, bodyAt, says) => {
    const before = (await t.request('GET', '/api/alerts/silences')).body.length;
    const r = await create(bodyAt(now));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(says) });
    expect((await t.request('GET', '/api/alerts/silences')).body).toHaveLength(before);
  });

  it('needs the system scope to create or expire: another workspace\'s admin and a key without it get 403', async () => {
    const foreignAdmin = await t.keyFor('other', ['read', 'submit', 'review', 'operate', 'admin']);
    const noSystem = await t.keyFor('default', ['read', 'operate', 'admin']);
    const body = { matchers: [{ label: 'alertname', value: 'breaker-open' }], ends_at: at(now + HOUR) };
    for (const key of [foreignAdmin, noSystem]) expect((await create(body, key)).status).toBe(403);
    const mine = await create(body);
    for (const key of [foreignAdmin, noSystem]) expect((await expire(mine.body.id, { reason: 'not yours' }, key)).status).toBe(403);
    expect((await t.request('GET', '/api/alerts/silences')).body.find((s: { id: string }) => s.id === mine.body.id).state).toBe('active');
    expect((await t.request('GET', '/api/alerts/silences', { key: foreignAdmin })).status).toBe(200);
    await expire(mine.body.id);
  });

  it('still takes the runbook\'s {"alertname": ...} form, as a silence with a rule matcher', async () => {
    const r = await t.request('POST', '/api/alerts/silences', { body: { matchers: { alertname: 'breaker-open' }, ends_at: at(now + HOUR), comment: 'backfill running' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ matchers: [{ label: 'alertname', op: '=', value: 'breaker-open' }], state: 'active', active: true, starts_at: at(now) });
    expect(await firing()).toEqual([]);
    expect((await t.request('POST', `/api/alerts/silences/${r.body.id}/expire`, { body: {} })).status).toBe(200);
    expect(await firing()).toEqual(['breaker-open']);
  });
});
