import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { apiCall, settledDecision } from '../fixtures/api-call';

/** A vendor on loopback that is down: every call fails, and is counted. */
let hits = 0;
const vendor = http.createServer((req, res) => {
  hits += 1;
  req.resume().on('end', () => res.writeHead(503).end('down'));
});
let cluster: ProductionCluster | null = null;
let dir = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-prod-settings-'));
  const file = path.join(dir, 'integrations.json');
  fs.writeFileSync(file, JSON.stringify({
    integrations: [{
      name: 'sanctions', url: `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/check`, applies_to: ['payment_fraud_check'], retries: 0,
      breaker: { failure_threshold: 5, min_calls: 100, window_seconds: 600, open_cooldown_seconds: 600, half_open_probe_count: 1 },
    }],
  }));
  cluster = await startProductionCluster(1, { env: { DECISIONOS_INTEGRATIONS: file } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  vendor.close();
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function judged(c: ProductionCluster): Promise<string> {
  const submitted = await apiCall(c.api, 'POST', '/api/decisions', { decision_type: 'payment_fraud_check', inputs: { amount: 10, currency: 'EUR', customer_id: 'cust-prod' } });
  expect(submitted.status).toBe(202);
  return (await settledDecision(c.api, submitted.body.decision_id)).status;
}

describe('change-setting on Postgres + Redis (an API process and a worker process)', () => {
  it("a breaker threshold changed through the API process is applied by the worker process's breaker at its next failure", async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    expect(await judged(c)).toBe('needs_review');
    const breaker = async () => (await apiCall(c.api, 'GET', '/api/breakers')).body.items[0];
    expect(await breaker()).toMatchObject({ state: 'CLOSED', failures: 1 });

    const params = { name: 'failure_threshold', target: 'sanctions', value: 2 };
    const preview = await apiCall(c.api, 'POST', '/api/runbook/actions/change-setting/preview', { params });
    expect(preview.body.summary).toMatch(/from 5 \(configured\) to 2/);
    const run = await apiCall(c.api, 'POST', '/api/runbook/actions/change-setting/run', { params: preview.body.params, reason: 'vendor flapping' });
    expect([run.status, run.body.error]).toEqual([200, undefined]);

    expect(await judged(c)).toBe('needs_review');
    expect(await breaker()).toMatchObject({ state: 'OPEN', failures: 2, settings: { failure_threshold: 2 } });
    const before = hits;
    expect(await judged(c)).toBe('needs_review');
    expect(hits).toBe(before); // the worker's breaker rejects without calling
  });
});
