import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

const HOUR = 3_600_000;
let now = Date.parse('2026-12-03T12:00:00Z');
let t: TestEngine;
let reader: string;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 }, { clock: { now: () => now } });
  reader = await t.keyFor('default', ['read', 'operate', 'admin']);
});
afterAll(async () => {
  await t?.close();
});

const submit = (id: string) => t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: id }), task_id: id, client_request_id: id } });
const change = async (value: number, key?: string) => {
  const preview = await t.request('POST', '/api/runbook/actions/change-setting/preview', { body: { params: { name: 'idempotency_ttl_ms', value } }, key });
  if (preview.status !== 200) return preview;
  return t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: preview.body.params, reason: 'clients retry for two days' }, key });
};

describe('change-setting idempotency_ttl_ms', () => {
  it('applies to the next submission without a restart, is audited with the old and new value, and its undo sets it back', async () => {
    // Configured 24 h: a retry 2 h later is the same decision.
    expect((await submit('ttl-a')).status).toBe(202);
    now += 2 * HOUR;
    expect((await submit('ttl-a')).status).toBe(200);

    const run = await change(HOUR);
    expect([run.status, run.body.error]).toEqual([200, undefined]);
    expect(run.body.summary).toBe('idempotency_ttl_ms is 3600000 from now on (was 86400000).');
    // A key stored now lives 1 h: a retry 2 h later is a new decision.
    expect((await submit('ttl-b')).status).toBe(202);
    now += 2 * HOUR;
    const late = await submit('ttl-b');
    expect([late.status, late.headers['idempotent-replayed']]).toEqual([202, 'false']);

    const events = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items;
    const event = events.find((e: { id: string }) => e.id === `ops:${run.body.audit_id}`);
    expect(event.details).toMatchObject({ action: 'change-setting', params: { name: 'idempotency_ttl_ms', value: HOUR }, result: { counts: { settings: 1 } } });

    const undo = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: run.body.undo.params, reason: 'back to normal' } });
    expect(undo.body.summary).toBe('idempotency_ttl_ms is 86400000 from now on (was 3600000).');
  });

  it('refuses values out of bounds and unknown settings with 400, and a key without the system scope with 403, changing nothing', async () => {
    for (const params of [{ name: 'idempotency_ttl_ms', value: 10 }, { name: 'idempotency_ttl_ms', value: 1e12 }, { name: 'idempotency_ttl_ms', value: 1.5 }, { name: 'rate_limit', value: 5 }, { name: 'idempotency_ttl_ms' }]) {
      const r = await t.request('POST', '/api/runbook/actions/change-setting/preview', { body: { params } });
      expect([JSON.stringify(params), r.status]).toEqual([JSON.stringify(params), 400]);
    }
    expect((await change(HOUR, reader)).status).toBe(403);
    const preview = await t.request('POST', '/api/runbook/actions/change-setting/preview', { body: { params: { name: 'idempotency_ttl_ms', value: 86_400_000 } } });
    expect(preview.body.touches.counts).toEqual({ settings: 0 });
  });
});
