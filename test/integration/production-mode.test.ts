import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  cluster = await startProductionCluster(2);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

const submit = (c: ProductionCluster, taskId: string, amount: number) =>
  fetch(`${c.api.url}/api/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.api.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision_type: 'payment_fraud_check', task_id: taskId, inputs: { amount, currency: 'EUR', customer_id: `c-${amount % 5}` } }),
  });

describe('production mode, as the README runs it: migrate, serve --no-worker, two worker processes', () => {
  it('judges every submission in a worker process, and the API lists both workers and reports itself ready', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => submit(c, `order-${i}`, 100 + i)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const client = new pg.Client({ connectionString: c.databaseUrl });
    await client.connect();
    try {
      await expect
        .poll(async () => (await client.query(`SELECT count(*)::int AS n FROM decisions WHERE status NOT IN ('queued', 'processing')`)).rows[0].n, { timeout: 20_000 })
        .toBe(50);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM supervisor_inbox`);
      expect(rows[0].n).toBe(0); // the outbox is drained
    } finally {
      await client.end();
    }
    const auth = { authorization: `Bearer ${c.api.key}` };
    const queue = (await (await fetch(`${c.api.url}/api/queue`, { headers: auth })).json()) as { workers: { processes: unknown[] } };
    expect(queue.workers.processes).toHaveLength(2);
    const ready = await fetch(`${c.api.url}/ready`);
    const body = (await ready.json()) as { checks: Record<string, unknown> };
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['database', 'redis', 'redis_eviction', 'outbox', 'workers']));
    const trace = (await (await fetch(`${c.api.url}/api/governance/tasks/order-7/decision-trace`, { headers: auth })).json()) as { items: { event_type: string }[] };
    expect(trace.items.map((i) => i.event_type)).toEqual(expect.arrayContaining(['RECEIVED', 'PROCESSING_STARTED']));
  }, 60_000);
});

describe('decisionos keys in production mode', () => {
  it('creates a key in Postgres that every API process accepts at once', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const made = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/decisionos.js'), 'keys', 'create', '--workspace', 'acme', '--name', 'ops-bot', '--scopes', 'read'], {
      env: { ...process.env, ...c.env, DATABASE_URL: c.databaseUrl },
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    const key = made.stdout.trim();
    const queue = await fetch(`${c.api.url}/api/queue`, { headers: { authorization: `Bearer ${key}` } });
    expect(queue.status).toBe(200);
  }, 30_000);
});
