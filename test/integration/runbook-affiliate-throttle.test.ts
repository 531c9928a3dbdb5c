import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
let now = Date.now();
let reader: string;

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 }, { clock: { now: () => now } });
  reader = await t.keyFor('default', ['read', 'submit']);
});
afterAll(async () => {
  await t?.close();
});

const preview = (params: object, key?: string, action = 'throttle-affiliate') => t.request('POST', `/api/runbook/actions/${action}/preview`, { body: { params }, key });
/** Previews, then runs with the params the preview pinned, as the UI does (a refused preview is the answer). */
async function run(params: object, reason: string, key?: string, action = 'throttle-affiliate') {
  const p = await preview(params, key, action);
  if (p.status !== 200) return p;
  return t.request('POST', `/api/runbook/actions/${action}/run`, { body: { params: p.body.params, reason }, key });
}
const reconcile = (affiliate: string) =>
  t.request('POST', '/api/decisions', { body: { decision_type: 'reconciliation', inputs: { affiliate_id: affiliate, platform: 'tiktok', claimed_amount: 10, reported_amount: 10 } } });

describe('throttle-affiliate', () => {
  it('lets a throttled affiliate submit per_minute reconciliations a minute, refuses the next with 429 affiliate_throttled, Retry-After and a sentence, and leaves other affiliates and types alone', async () => {
    const r = await run({ affiliate_id: 'aff-flood', per_minute: 3 }, 'aff-flood saturates the queue');
    expect([r.status, r.body.counts]).toEqual([200, { throttles: 1 }]);
    expect(r.body.summary).toContain('aff-flood may submit 3 reconciliation(s) a minute until lifted');

    expect((await Promise.all([1, 2, 3].map(() => reconcile('aff-flood')))).map((a) => a.status)).toEqual([202, 202, 202]);
    const refused = await reconcile('aff-flood');
    expect([refused.status, refused.body.error.code]).toEqual([429, 'affiliate_throttled']);
    expect(refused.body.error.message).toMatch(/^affiliate aff-flood is throttled to 3 submission\(s\) a minute \(by .+: aff-flood saturates the queue; until lifted\) and has used this minute's; retry in \d+ s$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error.details).toMatchObject({ affiliate_id: 'aff-flood', per_minute: 3, until: null });

    for (let i = 0; i < 5; i += 1) expect((await reconcile('aff-calm')).status).toBe(202);
    expect((await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: 'aff-flood' }) })).status).toBe(202);
    await t.drain();
  });

  it('is audited on the timeline with its reason and params, and lifts cleanly with lift-affiliate-throttle (the run\'s undo)', async () => {
    const set = await run({ affiliate_id: 'aff-audit', per_minute: 1 }, 'suspected overclaim wave');
    expect((await reconcile('aff-audit')).status).toBe(202);
    expect((await reconcile('aff-audit')).status).toBe(429);

    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items;
    const event = timeline.find((i: { id: string }) => i.id === `ops:${set.body.audit_id}`);
    expect(event.details).toMatchObject({
      action: 'throttle-affiliate', reason: 'suspected overclaim wave', params: { affiliate_id: 'aff-audit', per_minute: 1 },
      result: { counts: { throttles: 1 }, undo: { action_id: 'lift-affiliate-throttle', params: { affiliate_id: 'aff-audit' } } },
    });

    expect(set.body.undo.action_id).toBe('lift-affiliate-throttle');
    const liftPreview = await preview(set.body.undo.params, undefined, 'lift-affiliate-throttle');
    expect(liftPreview.body.summary).toMatch(/^Lift the throttle of aff-audit \(1 a minute, set by .+: suspected overclaim wave; until lifted\)/);
    const lifted = await run(set.body.undo.params, 'wave is over', undefined, 'lift-affiliate-throttle');
    expect([lifted.body.counts, lifted.body.undo]).toEqual([{ throttles: 1 }, { action_id: 'throttle-affiliate', params: { affiliate_id: 'aff-audit', per_minute: 1 }, title: 'Throttle aff-audit to 1 a minute again' }]);
    for (let i = 0; i < 3; i += 1) expect((await reconcile('aff-audit')).status).toBe(202);
    expect((await preview({ affiliate_id: 'aff-audit' }, undefined, 'lift-affiliate-throttle')).body.touches.counts).toEqual({ throttles: 0 });
    const liftTimeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items.find((i: { id: string }) => i.id === `ops:${lifted.body.audit_id}`);
    expect(liftTimeline.details).toMatchObject({ action: 'lift-affiliate-throttle', reason: 'wave is over', result: { counts: { throttles: 1 } } });
    await t.drain();
  });

  it('lifts by itself at until; refuses an until in the past, a limit of 0, and a key without the operate scope', async () => {
    const until = new Date(now + 60_000).toISOString();
    expect((await run({ affiliate_id: 'aff-brief', per_minute: 1, until }, 'one minute')).body.summary).toContain(`until ${until}`);
    expect((await reconcile('aff-brief')).status).toBe(202);
    expect((await reconcile('aff-brief')).status).toBe(429);
    now += 61_000;
    expect((await reconcile('aff-brief')).status).toBe(202);

    const past = await preview({ affiliate_id: 'aff-x', per_minute: 5, until: new Date(now - 1).toISOString() });
    expect([past.status, past.body.error.code, past.body.error.message]).toEqual([400, 'validation_failed', expect.stringContaining('is not in the future')]);
    expect((await preview({ affiliate_id: 'aff-x', per_minute: null })).status).toBe(400);
    expect((await preview({ affiliate_id: 'aff-x', per_minute: 0 })).status).toBe(400);
    const forbidden = await run({ affiliate_id: 'aff-x', per_minute: 5 }, 'not mine to set', reader);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
    expect((await run({ affiliate_id: 'aff-brief' }, 'not mine to lift', reader, 'lift-affiliate-throttle')).status).toBe(403);
    expect((await preview({ affiliate_id: 'aff-x' }, undefined, 'lift-affiliate-throttle')).body.touches.counts).toEqual({ throttles: 0 });
    await t.drain();
  });

  it("throttles an affiliate in the caller's workspace only", async () => {
    const other = await t.keyFor('ws-throttle-b', ['submit', 'operate']);
    expect((await run({ affiliate_id: 'aff-shared', per_minute: 1 }, 'ours only')).status).toBe(200);
    expect((await reconcile('aff-shared')).status).toBe(202);
    expect((await reconcile('aff-shared')).status).toBe(429);
    const theirs = () => t.request('POST', '/api/decisions', { key: other, body: { decision_type: 'reconciliation', inputs: { affiliate_id: 'aff-shared', platform: 'x', claimed_amount: 1, reported_amount: 1 } } });
    expect([(await theirs()).status, (await theirs()).status]).toEqual([202, 202]);
    await t.drain();
  });

  it('a throttle set over another replaces it, and its undo sets the one it replaced back', async () => {
    const until = new Date(now + 3_600_000).toISOString();
    await run({ affiliate_id: 'aff-twice', per_minute: 5, until }, 'first');
    const second = await run({ affiliate_id: 'aff-twice', per_minute: 1 }, 'tighter');
    expect(second.body.undo).toEqual({ action_id: 'throttle-affiliate', params: { affiliate_id: 'aff-twice', per_minute: 5, until }, title: 'Throttle aff-twice to 5 a minute again' });
    expect((await reconcile('aff-twice')).status).toBe(202);
    expect((await reconcile('aff-twice')).body.error.details).toMatchObject({ per_minute: 1, until: null });
    await run(second.body.undo.params, 'back to five');
    // The minute's window keeps its count (2 so far): three more pass under the limit of five, the sixth does not.
    expect([(await reconcile('aff-twice')).status, (await reconcile('aff-twice')).status, (await reconcile('aff-twice')).status, (await reconcile('aff-twice')).status]).toEqual([202, 202, 202, 429]);
    await run({ affiliate_id: 'aff-twice' }, 'done', undefined, 'lift-affiliate-throttle');
    await t.drain();
  });
});
