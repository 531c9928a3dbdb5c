import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 5, workerConcurrency: 0 });
});
afterAll(async () => {
  await t.close();
});

describe('per-workspace rate limit', () => {
  it('answers 429 with Retry-After once a workspace spends its submit budget, and writes nothing', async () => {
    for (let i = 0; i < 5; i += 1) expect((await t.request('POST', '/api/decisions', { body: samplePayment() })).status).toBe(202);
    const limited = await t.request('POST', '/api/decisions', { body: samplePayment() });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await t.request('GET', '/api/decisions?limit=100')).body.items).toHaveLength(5);
  });

  it('keeps budgets apart: trace reads and other workspaces are not affected by spent submits', async () => {
    const other = await t.keyFor('ws-rate-other', ['submit', 'read']);
    expect((await t.request('POST', '/api/decisions', { body: samplePayment(), key: other })).status).toBe(202);
    const list = await t.request('GET', '/api/decisions?limit=1');
    const task = list.body.items[0].task_id;
    expect((await t.request('GET', `/api/governance/tasks/${task}/decision-trace`)).status).toBe(200);
  });

  it('limits the trace API on its own budget', async () => {
    const list = await t.request('GET', '/api/decisions?limit=1');
    const task = list.body.items[0].task_id;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await t.request('GET', `/api/governance/tasks/${task}/summary`)).status);
    expect(statuses).toContain(429);
  });
});

describe('rate limit across engines on one data dir', () => {
  it('keeps a spent budget when another engine takes over the data dir (a restart, or the next process)', async () => {
    const first = await startTestEngine({ rateLimitPerMinute: 3, workerConcurrency: 0 });
    for (let i = 0; i < 3; i += 1) expect((await first.request('POST', '/api/decisions', { body: samplePayment() })).status).toBe(202);
    await first.engine.stop();
    const second = await startTestEngine({ rateLimitPerMinute: 3, workerConcurrency: 0, dataDir: first.dataDir });
    try {
      const limited = await second.request('POST', '/api/decisions', { body: samplePayment(), key: first.adminKey });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(path.join(first.dataDir, 'ratelimit.sqlite'))).toBe(true);
    } finally {
      await second.close();
    }
  });
});
