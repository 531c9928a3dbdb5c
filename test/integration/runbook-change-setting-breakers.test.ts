import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

/** A vendor on loopback that fails or answers on command, and counts the calls that reached it. */
let mode: 'ok' | 'fail' = 'fail';
let hits = 0;
const upstream = http.createServer((req, res) => {
  hits += 1;
  req.resume().on('end', () => {
    if (mode === 'fail') res.writeHead(503).end('down');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"hit":false}');
  });
});

let now = Date.now();
let t: TestEngine;
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/check`;
  const integration = (name: string) => ({
    name, url, applies_to: ['payment_fraud_check' as const], timeout_ms: 2_000, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review' as const,
    breaker: { failure_threshold: 5, min_calls: 100, window_seconds: 600, open_cooldown_seconds: 600, half_open_probe_count: 1 },
  });
  t = await startTestEngine({ rateLimitPerMinute: 100_000, integrations: [integration('sanctions'), integration('kyc')] }, { clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

/** One decision judged: each integration is asked once (no retries) unless its breaker rejects the call. */
async function judge(): Promise<void> {
  expect((await t.request('POST', '/api/decisions', { body: samplePayment() })).status).toBe(202);
  await t.drain();
}
const breaker = async (name: string) => (await t.request('GET', '/api/breakers')).body.items.find((b: { integration: string }) => b.integration === name);
const preview = (params: object) => t.request('POST', '/api/runbook/actions/change-setting/preview', { body: { params } });
async function change(params: object) {
  const p = await preview(params);
  expect([p.status, p.body.error]).toEqual([200, undefined]);
  const run = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: p.body.params, reason: 'vendor flapping' } });
  expect([run.status, run.body.error]).toEqual([200, undefined]);
  return { preview: p.body, run: run.body };
}

describe('change-setting on one integration\'s breaker', () => {
  it('failure_threshold: a breaker configured at 5 opens at its next failure once set to 2, the other integration keeps 5; audited with the target, undone back to 5', async () => {
    await judge(); // one failure each: both CLOSED, threshold 5
    expect([(await breaker('sanctions')).state, (await breaker('sanctions')).failures]).toEqual(['CLOSED', 1]);

    const { preview: p, run } = await change({ name: 'failure_threshold', target: 'sanctions', value: 2 });
    expect(p.summary).toMatch(/^Change failure_threshold of integration sanctions from 5 \(configured\) to 2: /);
    expect(p.touches.ids).toEqual(['failure_threshold:sanctions']);
    expect(run.summary).toBe('failure_threshold of integration sanctions is 2 from now on (was 5).');
    expect(run.undo).toEqual({ action_id: 'change-setting', params: { name: 'failure_threshold', target: 'sanctions', value: 5 }, title: 'Set failure_threshold of integration sanctions back to 5' });

    await judge(); // the second failure
    expect(await breaker('sanctions')).toMatchObject({ state: 'OPEN', failures: 2, settings: { failure_threshold: 2, open_cooldown_seconds: 600 } });
    expect(await breaker('kyc')).toMatchObject({ state: 'CLOSED', failures: 2, settings: { failure_threshold: 5 } });

    const events = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items;
    expect(events.find((e: { id: string }) => e.id === `ops:${run.audit_id}`).details).toMatchObject({
      action: 'change-setting',
      params: { name: 'failure_threshold', target: 'sanctions', value: 2 },
      preview: { ids: ['failure_threshold:sanctions'] },
      result: { counts: { settings: 1 }, undo: { params: { target: 'sanctions', value: 5 } } },
    });

    const undo = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: run.undo.params, reason: 'tuned back' } });
    expect(undo.body.summary).toBe('failure_threshold of integration sanctions is 5 from now on (was 2).');
    expect((await breaker('sanctions')).settings.failure_threshold).toBe(5);
  });

  it('open_cooldown_seconds: an OPEN breaker keeps when it opened and probes once the shorter cooldown has passed from then', async () => {
    const open = await breaker('sanctions');
    expect(open.state).toBe('OPEN');
    const openedAt = Date.parse(open.last_transition.at);
    expect(Date.parse(open.next_probe_at)).toBe(openedAt + 600_000);

    now += 5_000;
    const before = hits;
    await judge();
    expect(hits - before).toBe(1); // kyc only: sanctions rejects while its 600 s run

    const { preview: p } = await change({ name: 'open_cooldown_seconds', target: 'sanctions', value: 3 });
    expect(p.summary).toMatch(/^Change open_cooldown_seconds of integration sanctions from 600 \(configured\) to 3: /);
    const shortened = await breaker('sanctions');
    expect(shortened).toMatchObject({ state: 'OPEN', settings: { open_cooldown_seconds: 3 } });
    expect(shortened.last_transition.at).toBe(open.last_transition.at);
    expect(Date.parse(shortened.next_probe_at)).toBe(openedAt + 3_000);

    mode = 'ok';
    const probing = hits;
    await judge();
    expect(hits - probing).toBe(2); // the probe reached sanctions (5 s after it opened), and kyc
    expect((await breaker('sanctions')).state).toBe('CLOSED');
  });

  it('half_open_probe_count: after the cooldown a breaker set to 2 probes needs both to succeed before it closes', async () => {
    await change({ name: 'half_open_probe_count', target: 'sanctions', value: 2 });
    await change({ name: 'failure_threshold', target: 'sanctions', value: 1 });
    mode = 'fail';
    await judge();
    expect((await breaker('sanctions')).state).toBe('OPEN');
    now += 4_000;
    mode = 'ok';
    await judge();
    expect((await breaker('sanctions')).state).toBe('HALF_OPEN');
    await judge();
    expect((await breaker('sanctions')).state).toBe('CLOSED');
  });

  it('refuses a missing or unknown integration (naming the known ones), a target on an engine-wide setting and a value out of bounds with 400, changing nothing', async () => {
    const cases: [object, RegExp][] = [
      [{ name: 'failure_threshold', value: 3 }, /target: failure_threshold is set per integration: name the integration as target/],
      [{ name: 'failure_threshold', target: 'nope', value: 3 }, /target: no integration "nope"; the integrations are sanctions, kyc/],
      [{ name: 'idempotency_ttl_ms', target: 'sanctions', value: 3_600_000 }, /target: idempotency_ttl_ms applies to the whole engine/],
      [{ name: 'half_open_probe_count', target: 'sanctions', value: 0 }, /value: half_open_probe_count must be between 1 and 100/],
      [{ name: 'open_cooldown_seconds', target: 'sanctions', value: 90_000 }, /value: open_cooldown_seconds must be between 1 and 86400/],
    ];
    for (const [params, message] of cases) {
      const r = await preview(params);
      expect([JSON.stringify(params), r.status, r.body.error.code]).toEqual([JSON.stringify(params), 400, 'validation_failed']);
      expect(r.body.error.message).toMatch(message);
      const run = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params, reason: 'typo' } });
      expect(run.status).toBe(400);
    }
    expect((await breaker('sanctions')).settings).toMatchObject({ failure_threshold: 1, open_cooldown_seconds: 3, half_open_probe_count: 2 });
  });
});
