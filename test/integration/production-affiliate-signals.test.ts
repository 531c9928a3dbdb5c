import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { spawnEngine, type ChildEngine } from '../fixtures/child-engine';
import { apiCall, settledDecision } from '../fixtures/api-call';

let cluster: ProductionCluster | null = null;
let second: ChildEngine | null = null;
let secondDir = '';
beforeAll(async () => {
  cluster = await startProductionCluster(1);
  if (!cluster) return;
  // A second API process on the same Postgres and Redis, as a load-balanced production deployment runs them.
  secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-api2-'));
  fs.writeFileSync(path.join(secondDir, 'admin.key'), `${cluster.api.key}\n`, { mode: 0o600 });
  second = await spawnEngine(secondDir, cluster.env, ['--no-worker']);
}, 60_000);
afterAll(async () => {
  if (second) {
    second.child.kill('SIGTERM');
    await second.exited;
    fs.rmSync(secondDir, { recursive: true, force: true });
  }
  await cluster?.stop();
}, 30_000);

const reconciliation = (affiliate: string, claimed: number, reported: number | null) => ({
  decision_type: 'reconciliation', inputs: { affiliate_id: affiliate, platform: 'tiktok', claimed_amount: claimed, reported_amount: reported },
});

describe('affiliate signals on Postgres + Redis (two API processes and a worker process)', () => {
  it('throttle-affiliate set through one API process holds on both: together they let through exactly per_minute; another affiliate is untouched', async (ctx) => {
    const c = cluster;
    if (!c || !second) return ctx.skip();
    const urls = [c.api.url, second.url];
    const preview = await apiCall(c.api, 'POST', '/api/runbook/actions/throttle-affiliate/preview', { params: { affiliate_id: 'aff-prod-flood', per_minute: 4 } });
    const run = await apiCall(c.api, 'POST', '/api/runbook/actions/throttle-affiliate/run', { params: preview.body.params, reason: 'production throttle test' });
    expect([run.status, run.body.counts]).toEqual([200, { throttles: 1 }]);

    // Twelve submissions at once, spread over both processes: four pass, eight are refused with Retry-After.
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => apiCall({ url: urls[i % 2] as string, key: c.api.key }, 'POST', '/api/decisions', reconciliation('aff-prod-flood', 10, 10))));
    expect(replies.filter((r) => r.status === 202)).toHaveLength(4);
    const refused = replies.filter((r) => r.status !== 202);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.error.code}`))).toEqual(new Set(['429 affiliate_throttled']));
    expect(refused.every((r) => Number(r.headers.get('retry-after')) > 0)).toBe(true);
    for (const url of urls) expect((await apiCall({ url, key: c.api.key }, 'POST', '/api/decisions', reconciliation('aff-prod-calm', 10, 10))).status).toBe(202);

    const lift = await apiCall({ url: second.url, key: c.api.key }, 'POST', '/api/runbook/actions/lift-affiliate-throttle/run', { params: { affiliate_id: 'aff-prod-flood' }, reason: 'lifted' });
    expect(lift.body.counts).toEqual({ throttles: 1 });
    for (const url of urls) expect((await apiCall({ url, key: c.api.key }, 'POST', '/api/decisions', reconciliation('aff-prod-flood', 10, 10))).status).toBe(202);
  }, 60_000);

  it('the trust score rests on the Redis history the worker keeps and shows on the entity view from Postgres', async (ctx) => {
    const c = cluster;
    if (!c || !second) return ctx.skip();
    let last = '';
    for (const [i, reported] of [10, 10, 5, null].entries()) {
      const r = await apiCall({ url: i % 2 ? second.url : c.api.url, key: c.api.key }, 'POST', '/api/decisions', reconciliation('aff-prod-trust', 10, reported));
      expect(r.status).toBe(202);
      last = r.body.decision_id;
      await settledDecision(c.api, last);
    }
    expect((await settledDecision(c.api, last)).signals).toMatchObject({ affiliate_trust_score: 0.5, affiliate_overclaimed_share: 0.25, affiliate_missing_share: 0.25, affiliate_trust_reports: 4 });
    const view = await apiCall({ url: second.url, key: c.api.key }, 'GET', '/api/entities/aff-prod-trust?kind=affiliate');
    expect(view.body.affiliate_trust).toMatchObject({ score: 0.5, overclaimed_share: 0.25, missing_share: 0.25, reports: 4, decision_id: last });
  }, 60_000);
});
