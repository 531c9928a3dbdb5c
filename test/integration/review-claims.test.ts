import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
let now = Date.now();
let ana: string;
let ben: string;

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 1_000 }, { clock: { now: () => now } });
  ana = await t.keyFor('default', ['read', 'review']);
  ben = await t.keyFor('default', ['read', 'review']);
});
afterAll(async () => {
  await t?.close();
});

let seq = 0;
async function flagged(): Promise<string> {
  seq += 1;
  const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000, customer_id: `c-claim-${seq}` }), task_id: `task-claim-${seq}` } });
  await t.drain();
  return r.body.decision_id as string;
}

const claim = (id: string, key: string) => t.request('POST', `/api/governance/decisions/${id}/claim`, { body: {}, key });
const release = (id: string, key: string) => t.request('POST', `/api/governance/decisions/${id}/claim/release`, { body: {}, key });
const review = (id: string, key: string) => t.request('POST', `/api/governance/decisions/${id}/review`, { body: { verdict: 'approve' }, key });
const claims = async (key: string) => (await t.request('GET', '/api/review/claims', { key })).body.items as Array<{ decision_id: string; claimed_by: string; expires_at: string }>;

describe('review claims', () => {
  it('a claim shows who holds the decision for 15 minutes; another analyst can neither claim nor review it', async () => {
    const id = await flagged();
    const held = await claim(id, ana);
    expect(held.status).toBe(200);
    expect(held.body.claimed_by).toBe('default-test');
    expect(Date.parse(held.body.expires_at) - now).toBe(15 * 60_000);
    expect((await claims(ben)).find((c) => c.decision_id === id)?.expires_at).toBe(held.body.expires_at);

    const taken = await claim(id, ben);
    expect([taken.status, taken.body.error.code]).toEqual([409, 'conflict']);
    expect(taken.body.error.message).toContain('claimed by default-test until');
    const refused = await review(id, ben);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'conflict']);
    expect((await t.request('GET', `/api/governance/decisions/${id}`)).body.status).toBe('needs_review');

    // The holder reviews; the verdict ends the claim.
    expect((await review(id, ana)).status).toBe(200);
    expect((await claims(ana)).some((c) => c.decision_id === id)).toBe(false);
  });

  it('claiming again renews the holder\'s own claim; a release frees it for the next analyst', async () => {
    const id = await flagged();
    await claim(id, ana);
    now += 10 * 60_000;
    const renewed = await claim(id, ana);
    expect(Date.parse(renewed.body.expires_at) - now).toBe(15 * 60_000);
    expect((await release(id, ben)).status).toBe(409);
    const freed = await release(id, ana);
    expect(freed.body).toEqual({ decision_id: id, released: true });
    expect((await release(id, ana)).body.released).toBe(false);
    expect((await claim(id, ben)).status).toBe(200);
  });

  it('an expired claim no longer holds: after 15 minutes another analyst claims and reviews', async () => {
    const id = await flagged();
    await claim(id, ana);
    now += 15 * 60_000 + 1;
    expect((await claims(ben)).some((c) => c.decision_id === id)).toBe(false);
    expect((await claim(id, ben)).status).toBe(200);
    expect((await review(id, ben)).status).toBe(200);
  });

  it('two analysts claiming at once: exactly one wins', async () => {
    const id = await flagged();
    const [a, b] = await Promise.all([claim(id, ana), claim(id, ben)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await claims(ana)).filter((c) => c.decision_id === id)).toHaveLength(1);
  });

  it('refuses a decision that is not needs_review, one of another workspace, and a key without the review scope', async () => {
    const id = await flagged();
    await review(id, ana);
    const done = await claim(id, ana);
    expect([done.status, done.body.error.code]).toEqual([409, 'invalid_state']);
    const open = await flagged();
    const foreign = await t.keyFor('ws-other', ['read', 'review']);
    expect((await claim(open, foreign)).status).toBe(404);
    expect(await claims(foreign)).toEqual([]);
    const reader = await t.keyFor('default', ['read']);
    expect((await claim(open, reader)).status).toBe(403);
  });
});
