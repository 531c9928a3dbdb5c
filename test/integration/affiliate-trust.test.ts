import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import { TRUST_WINDOW_REPORTS } from '../../src/main/engine/domain/affiliate-trust';

let t: TestEngine;
let now = Date.now();

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 }, { clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

/** Submits one reconciliation a second after the previous one through the API, judges it and returns it. */
async function report(affiliate: string, claimed: number, reported: number | null) {
  now += 1_000;
  const r = await t.request('POST', '/api/decisions', {
    body: { decision_type: 'reconciliation', inputs: { affiliate_id: affiliate, platform: 'tiktok', claimed_amount: claimed, reported_amount: reported } },
  });
  expect(r.status).toBe(202);
  await t.drain();
  return (await t.request('GET', `/api/governance/decisions/${r.body.decision_id}`)).body;
}

const trustOf = async (affiliate: string) => (await t.request('GET', `/api/entities/${affiliate}?kind=affiliate`)).body.affiliate_trust;

describe('the affiliate trust score', () => {
  it('the trust score moves with injected overclaims: it drops for the overclaiming affiliate only, a policy rule on it sends the next clean report to review, and clean reports win it back', async () => {
    // A policy whose only reconciliation rule reads the trust score, so any outcome change is the score's doing.
    const policy = await t.request('POST', '/api/policies', {
      body: {
        name: 'trust-only',
        rules: [{
          id: 'recon.low_trust', kind: 'threshold', applies_to: ['reconciliation'],
          expression: 'signals.affiliate_trust_score < 0.7 && signals.affiliate_trust_reports >= 5.0',
          code: 'affiliate_low_trust', severity: 'medium', message: 'Fewer than 70 % of this affiliate\'s recent reports reconciled.',
        }],
      },
    });
    expect(policy.status).toBe(201);
    expect((await t.request('POST', `/api/policies/${policy.body.version}/activate`, { body: { reason: 'trust score test' } })).status).toBe(200);

    const scores = { shady: [] as number[], honest: [] as number[] };
    for (let i = 0; i < 5; i += 1) {
      scores.shady.push((await report('aff-shady', 100, 100)).signals.affiliate_trust_score);
      scores.honest.push((await report('aff-honest', 100, 100)).signals.affiliate_trust_score);
    }
    // Three overclaims (150 claimed against 100 reported) and one missing platform report.
    for (const reported of [100 / 1.5, 100 / 1.5, 100 / 1.5, null]) {
      scores.shady.push((await report('aff-shady', 100, reported)).signals.affiliate_trust_score);
      scores.honest.push((await report('aff-honest', 100, 100)).signals.affiliate_trust_score);
    }
    expect(scores.shady).toEqual([1, 1, 1, 1, 1, 0.833, 0.714, 0.625, 0.556]);
    expect(scores.honest).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);

    // The same clean report (6 of the 10 now clean): to review from the affiliate that overclaimed, approved from the one that did not.
    const shady = await report('aff-shady', 100, 100);
    const honest = await report('aff-honest', 100, 100);
    expect([shady.status, shady.findings.map((f: { code: string }) => f.code)]).toEqual(['needs_review', ['affiliate_low_trust']]);
    expect(shady.signals).toMatchObject({ affiliate_trust_score: 0.6, affiliate_overclaimed_share: 0.3, affiliate_missing_share: 0.1, affiliate_trust_reports: 10 });
    expect([honest.status, honest.signals.affiliate_trust_score]).toEqual(['approved', 1]);

    // The entity view shows the score, both shares and how many reports it rests on.
    expect(await trustOf('aff-shady')).toEqual({ score: 0.6, overclaimed_share: 0.3, missing_share: 0.1, reports: 10, decision_id: shady.decision_id, as_of: shady.processed_at });
    expect(await trustOf('aff-honest')).toMatchObject({ score: 1, overclaimed_share: 0, missing_share: 0, reports: 10 });

    // Clean reports push the bad ones out of the window: the score recovers and the rule lets the affiliate through.
    let last = shady;
    for (let i = 0; i < TRUST_WINDOW_REPORTS; i += 1) last = await report('aff-shady', 100, 100);
    expect([last.status, last.signals.affiliate_trust_score, last.signals.affiliate_trust_reports]).toEqual(['approved', 1, TRUST_WINDOW_REPORTS]);
    expect(await trustOf('aff-shady')).toMatchObject({ score: 1, reports: TRUST_WINDOW_REPORTS });
    await t.request('POST', '/api/policies/1/activate', { body: { reason: 'back to the default' } });
  });

  it('shows no trust for an id that is not an affiliate', async () => {
    now += 1_000;
    await t.request('POST', '/api/decisions', { body: { decision_type: 'payment_fraud_check', inputs: { amount: 10, currency: 'EUR', customer_id: 'cust-trust' } } });
    await t.drain();
    expect((await t.request('GET', '/api/entities/cust-trust')).body.affiliate_trust).toBeNull();
  });
});
