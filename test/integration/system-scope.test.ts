import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, contract, pathParams } from '../../src/shared/contract';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
let foreignAdmin: string;
let systemKey: string;
let otherReader: string;

const sanctions = {
  name: 'sanctions', url: 'http://127.0.0.1:9/secret-vendor-path', applies_to: ['reconciliation' as const], timeout_ms: 100, retries: 0,
  retry_backoff_ms: 0, on_unavailable: 'needs_review' as const,
  breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
};

/** The operations whose effect crosses workspaces: read from the contract, not listed here. */
const SYSTEM_OPS = OP_NAMES.filter((name) => contract[name].scope === 'system');

/** The URL of an operation with every path parameter filled in. */
const urlOf = (name: (typeof SYSTEM_OPS)[number]) => pathParams(contract[name].path).reduce((url, p) => url.replace(`:${p}`, 'x'), contract[name].path as string);

beforeAll(async () => {
  t = await startTestEngine({ integrations: [sanctions] }, { telemetryTimer: false });
  foreignAdmin = await t.keyFor('tenant-b', ['admin']);
  otherReader = await t.keyFor('tenant-c', ['read']);
  systemKey = await t.keyFor('ops', ['read', 'system']);
});
afterAll(async () => {
  await t?.close();
});

describe('the system scope', () => {
  it('guards every engine-wide control the review named', () => {
    expect(SYSTEM_OPS).toEqual(expect.arrayContaining([
      'pauseQueue', 'resumeQueue', 'forceOpenBreaker', 'forceCloseBreaker', 'resetBreaker', 'createAlertRule', 'updateAlertRule',
      'disableAlertRule', 'enableAlertRule', 'createSilence', 'expireSilence', 'acknowledgeAlert', 'listIntegrations',
    ]));
  });

  it.each(SYSTEM_OPS)('%s: another workspace\'s admin gets 403 and nothing happens', async (name) => {
    const before = await t.request('GET', '/api/queue');
    const r = await t.request(contract[name].method, urlOf(name), { key: foreignAdmin, ...(contract[name].method === 'POST' ? { body: { reason: 'take over' } } : {}) });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('system scope') });
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(before.body.paused);
  });

  it.each(SYSTEM_OPS)('%s: refused the same way over IPC-style dispatch with an admin principal of the default workspace', async (name) => {
    const principal = { keyId: 'k', workspaceId: 'default', name: 'admin-only', scopes: ['admin' as const] };
    await expect(t.engine.dispatch(name, {}, { principal })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets a system key act, and every workspace\'s timeline shows who did it', async () => {
    expect((await t.request('POST', '/api/queue/pause', { key: systemKey, body: { reason: 'db failover' } })).body.paused).toBe(true);
    expect((await t.request('POST', '/api/queue/resume', { key: systemKey, body: { reason: 'failover done' } })).body.paused).toBe(false);
    expect((await t.request('POST', '/api/breakers/sanctions/force-open', { key: systemKey, body: { reason: 'vendor maintenance' } })).status).toBe(200);
    expect((await t.request('POST', '/api/breakers/sanctions/reset', { key: systemKey, body: { reason: 'vendor back' } })).status).toBe(200);
    expect((await t.request('POST', '/api/alerts/rules/queue-depth-high/disable', { key: systemKey, body: { reason: 'team offsite' } })).status).toBe(200);
    const silence = await t.request('POST', '/api/alerts/silences', {
      key: systemKey, body: { matchers: { alertname: 'breaker-open' }, ends_at: new Date(Date.now() + 3_600_000).toISOString(), comment: 'known maintenance' },
    });
    expect(silence.status).toBe(200);
    expect((await t.request('POST', `/api/alerts/silences/${silence.body.id}/expire`, { key: systemKey, body: {} })).status).toBe(200);

    // A reader of a third workspace, which took no part, sees each of them with who did it.
    let items: { event_type: string; actor: string; summary: string }[] = [];
    for (let i = 0; i < 50; i += 1) {
      items = (await t.request('GET', '/api/timeline?limit=200', { key: otherReader })).body.items;
      if (items.some((e) => e.event_type === 'ALERT_SILENCE_EXPIRED')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const by = (type: string) => items.filter((e) => e.event_type === type).map((e) => e.actor);
    expect(by('QUEUE_PAUSED')).toContain('ops-test');
    expect(by('QUEUE_RESUMED')).toContain('ops-test');
    expect(by('BREAKER_ACTION')).toEqual(['ops-test', 'ops-test']);
    expect(by('ALERT_RULE_SAVED')).toContain('ops-test');
    expect(by('ALERT_SILENCED')).toContain('ops-test');
    expect(by('ALERT_SILENCE_EXPIRED')).toContain('ops-test');
  });

  it('lets the local admin key (admin + system) act as before', async () => {
    expect((await t.request('POST', '/api/breakers/sanctions/force-close', { body: { reason: 'watching it' } })).status).toBe(200);
    expect((await t.request('POST', '/api/breakers/sanctions/reset', { body: { reason: 'done' } })).status).toBe(200);
  });
});

describe('integration URLs', () => {
  it('are not in the breaker list any reader gets', async () => {
    const list = await t.request('GET', '/api/breakers', { key: otherReader });
    expect(list.status).toBe(200);
    expect(list.body.items[0].integration).toBe('sanctions');
    expect(list.body.items[0]).not.toHaveProperty('url');
    expect(JSON.stringify(list.body)).not.toContain('secret-vendor-path');
  });

  it('are in listIntegrations, for system keys only', async () => {
    const r = await t.request('GET', '/api/integrations', { key: systemKey });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([expect.objectContaining({ name: 'sanctions', url: sanctions.url })]);
    expect((await t.request('GET', '/api/integrations', { key: foreignAdmin })).status).toBe(403);
    expect((await t.request('GET', '/api/integrations', { key: otherReader })).status).toBe(403);
  });
});
