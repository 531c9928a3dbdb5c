import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';
import { ROWS_PER_OLD_TASK, seedOldSqliteRows } from '../fixtures/old-rows';
import { createKvLock } from '../../src/main/engine/services/runbook/kv-lock';
import { createSqliteKeyValue } from '../../src/main/engine/adapters/sqlite/sqlite-key-value';

const DAY = 86_400_000;
const OLD_TASKS = 5_000;

let t: TestEngine;
let operator: string;
let foreignSystem: string;

beforeAll(async () => {
  const dataDir = tempDataDir('dos-prune-now-');
  seedOldSqliteRows(path.join(dataDir, 'decisionos.sqlite'), { tasks: OLD_TASKS, from: Date.now() - 200 * DAY });
  t = await startTestEngine({ dataDir, rateLimitPerMinute: 100_000 }, { telemetryTimer: false });
  operator = await t.keyFor('default', ['read', 'submit', 'operate']);
  foreignSystem = await t.keyFor('tenant-b', ['operate', 'system']);
});
afterAll(async () => {
  await t?.close();
});

const preview = (params: object, key?: string) => t.request('POST', '/api/runbook/actions/prune-now/preview', { body: { params }, key });
const run = (body: object, key?: string) => t.request('POST', '/api/runbook/actions/prune-now/run', { body: { reason: 'prune-now test', ...body }, key });

function oldRowsLeft(): number {
  const db = new Database(path.join(t.dataDir, 'decisionos.sqlite'), { readonly: true });
  try {
    return ['tasks', 'decisions', 'task_audits', 'task_events']
      .map((table) => db.prepare(`SELECT COUNT(*) FROM ${table} WHERE task_id LIKE 'old-task-%'`).pluck().get() as number)
      .reduce((a, b) => a + b, 0);
  } finally {
    db.close();
  }
}

describe('prune-now', () => {
  it('refuses hostile retention_days and as_of with 400 and a sentence, and touches nothing', async () => {
    const hostile: object[] = [
      { retention_days: 0 }, { retention_days: -5 }, { retention_days: 3651 }, { retention_days: 1e308 }, { retention_days: 1.5 },
      { retention_days: '90' }, { retention_days: null }, { retention_days: 90, where: '1=1' }, { as_of: 'now' }, { as_of: -1 },
      { as_of: Date.now() + 10 * DAY }, { as_of: 9e15 },
    ];
    for (const params of hostile) {
      const p = await preview(params);
      expect([JSON.stringify(params), p.status, p.body.error.code]).toEqual([JSON.stringify(params), 400, 'validation_failed']);
      expect(p.body.error.message.length).toBeGreaterThan(20);
      const r = await run({ params, confirm: String(OLD_TASKS * ROWS_PER_OLD_TASK) });
      expect([JSON.stringify(params), r.status]).toEqual([JSON.stringify(params), 400]);
    }
    expect(oldRowsLeft()).toBe(OLD_TASKS * ROWS_PER_OLD_TASK);
  });

  it('is refused with 403 to a key without the system scope, and needs the typed total to run', async () => {
    expect((await preview({}, operator)).status).toBe(403);
    expect((await run({ params: {}, confirm: '1' }, operator)).status).toBe(403);
    const p = await preview({});
    expect(p.body.destructive).toBe(true);
    expect((await run({ params: p.body.params })).status).toBe(400);
    const wrong = await run({ params: p.body.params, confirm: String(Number(p.body.confirm) + 1) });
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'conflict']);
    expect(oldRowsLeft()).toBe(OLD_TASKS * ROWS_PER_OLD_TASK);
  });

  it('runs once at a time: while another run holds the retention lease a run is 409 and deletes nothing, then it runs', async () => {
    // Another process's run (the hourly one, or prune-now on another API process) holds the lease in the shared KV.
    const other = new Database(path.join(t.dataDir, 'decisionos.sqlite'));
    other.pragma('busy_timeout = 5000');
    const lock = createKvLock(createSqliteKeyValue(other), { now: () => Date.now() });
    expect(await lock.acquire('retention', 'another-run', 60_000)).toBe(true);
    const p = await preview({ retention_days: 150 }, foreignSystem);
    const body = { params: p.body.params, confirm: p.body.confirm };
    try {
      const refused = await run(body, foreignSystem);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'conflict']);
      expect(refused.body.error.message).toMatch(/already running/);
      expect(oldRowsLeft()).toBe(OLD_TASKS * ROWS_PER_OLD_TASK);
    } finally {
      await lock.release('retention', 'another-run');
      other.close();
    }
    const ran = await run(body, foreignSystem);
    // 150 days back from now: the tasks seeded 200 to about 199.9 days ago all go.
    expect([ran.status, ran.body.counts]).toEqual([200, p.body.touches.counts]);
    expect(oldRowsLeft()).toBe(0);
  });

  it('keeps recent and open data, and counts per table what it deleted (nothing old left: all zero)', async () => {
    const recent = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'recent-1' } });
    await t.drain();
    const p = await preview({ retention_days: 1 });
    expect(p.body.touches.counts).toEqual({ task_audits: 0, task_events: 0, decisions: 0, tasks: 0, ops_audits: 0, stats_minutes: 0, idempotency_keys: 0 });
    const r = await run({ params: p.body.params, confirm: p.body.confirm });
    expect([r.status, r.body.counts]).toEqual([200, p.body.touches.counts]);
    expect((await t.request('GET', `/api/governance/decisions/${recent.body.decision_id}`)).status).toBe(200);
    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items as { details: { action: string } }[];
    expect(timeline.filter((i) => i.details.action === 'prune-now').length).toBeGreaterThanOrEqual(2);
  });
});
