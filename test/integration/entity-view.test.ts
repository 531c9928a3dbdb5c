import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';
import { MIGRATIONS } from '../../src/main/engine/adapters/sqlite/migrations';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { pruneData } from '../../src/main/engine/services/runbook/prune-data';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';

let t: TestEngine;
let now = Date.now();

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 10_000 }, { clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

/** Submits one decision a second after the previous one (so "newest first" has one answer) and judges it. */
async function submit(body: Record<string, unknown>, key?: string): Promise<string> {
  now += 1_000;
  const r = await t.request('POST', '/api/decisions', { body, ...(key ? { key } : {}) });
  expect(r.status).toBe(202);
  await t.drain();
  return r.body.decision_id as string;
}

const entity = (id: string, query = '', key?: string) =>
  t.request('GET', `/api/entities/${encodeURIComponent(id)}${query}`, key ? { key } : {});

describe('the entity view', () => {
  it('lists every decision naming an id, across types, newest first, with counts by status, tasks and top findings', async () => {
    const ids = [
      await submit({ ...samplePayment({ customer_id: 'ent-ana' }), task_id: 'ent-task-1' }),
      await submit({ ...samplePayment({ customer_id: 'ent-ana', amount: 15_000 }), task_id: 'ent-task-1' }),
      await submit({ ...samplePayment({ customer_id: 'ent-ana', amount: 60_000 }), task_id: 'ent-task-2' }),
      await submit({ decision_type: 'agent_tool_call', inputs: { agent_id: 'ent-ana', tool: 'shell.exec' }, task_id: 'ent-task-3' }),
    ];
    await submit(samplePayment({ customer_id: 'ent-someone-else', amount: 60_000 }));

    const r = await entity('ent-ana');
    expect(r.status).toBe(200);
    const v = r.body;
    expect(v.entity_id).toBe('ent-ana');
    expect(v.kind).toBeNull();
    expect(v.found_as).toEqual(['agent', 'customer']);
    expect(v.items.map((d: { decision_id: string }) => d.decision_id)).toEqual([...ids].reverse());
    expect(v.decisions).toBe(4);
    expect(v.tasks).toBe(3);

    const judged = await Promise.all(ids.map(async (id) => (await t.request('GET', `/api/governance/decisions/${id}`)).body));
    const expectedStatus: Record<string, number> = { queued: 0, processing: 0, approved: 0, needs_review: 0, blocked: 0, failed: 0 };
    const expectedCodes = new Map<string, number>();
    for (const d of judged) {
      expectedStatus[d.status] = (expectedStatus[d.status] ?? 0) + 1;
      for (const code of new Set<string>(d.findings.map((f: { code: string }) => f.code))) expectedCodes.set(code, (expectedCodes.get(code) ?? 0) + 1);
    }
    expect(v.by_status).toEqual(expectedStatus);
    expect(v.by_status.blocked).toBe(2);
    expect(v.by_status.needs_review).toBe(1);
    const codes = Object.fromEntries(v.top_findings.map((f: { code: string; decisions: number }) => [f.code, f.decisions]));
    expect(codes).toEqual(Object.fromEntries(expectedCodes));
    expect(codes).toMatchObject({ amount_over_hard_limit: 1, high_amount: 2, redline_tool: 1 });
    const counts = v.top_findings.map((f: { decisions: number }) => f.decisions);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(v.first_seen).toBe(judged[0].created_at);
    expect(v.last_seen).toBe(judged[3].created_at);
    expect(v.next_cursor).toBeNull();

    const asCustomer = (await entity('ent-ana', '?kind=customer')).body;
    expect([asCustomer.kind, asCustomer.decisions, asCustomer.found_as]).toEqual(['customer', 3, ['agent', 'customer']]);
    expect(asCustomer.last_seen).toBe(judged[2].created_at);
  });

  it("leaves out another workspace's decisions about the same id, and shows that workspace only its own", async () => {
    const other = await t.keyFor('ent-other-ws', ['read', 'submit']);
    const theirs = await submit(samplePayment({ customer_id: 'ent-shared' }), other);
    const ours = await submit(samplePayment({ customer_id: 'ent-shared' }));
    const mine = (await entity('ent-shared')).body;
    expect(mine.items.map((d: { decision_id: string }) => d.decision_id)).toEqual([ours]);
    expect(mine.decisions).toBe(1);
    const them = (await entity('ent-shared', '', other)).body;
    expect(them.items.map((d: { decision_id: string }) => d.decision_id)).toEqual([theirs]);
    expect(them.decisions).toBe(1);
  });

  it('pages the decisions with cursors: every decision once, newest first, counts whole on every page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await submit(samplePayment({ customer_id: 'ent-pager', amount: 10 + i })));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { decision_id: string }[]; next_cursor: string | null; decisions: number } } =
        await entity('ent-pager', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.decisions).toBe(5);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((d) => d.decision_id));
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('finds an id that is only ever a merchant as a merchant', async () => {
    await submit(samplePayment({ customer_id: 'ent-buyer', merchant_id: 'ent-shop' }));
    const shop = (await entity('ent-shop')).body;
    expect([shop.found_as, shop.decisions]).toEqual([['merchant'], 1]);
    expect(shop.items[0].inputs.merchant_id).toBe('ent-shop');
    const asCustomer = (await entity('ent-shop', '?kind=customer')).body;
    expect([asCustomer.found_as, asCustomer.decisions, asCustomer.items]).toEqual([['merchant'], 0, []]);
  });

  it('answers an id nothing names with zero counts, and bad input with a 400 code and a sentence', async () => {
    const unknown = await entity('ent-nobody');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ found_as: [], decisions: 0, tasks: 0, top_findings: [], first_seen: null, last_seen: null, items: [], next_cursor: null });
    expect(Object.values(unknown.body.by_status).every((n) => n === 0)).toBe(true);

    for (const [id, query, code] of [
      ['bad id!', '', 'validation_failed'],
      ['ent-ana', '?kind=planet', 'validation_failed'],
      ['ent-ana', '?limit=0', 'validation_failed'],
      ['ent-ana', '?cursor=not-a-cursor', 'bad_cursor'],
    ] as const) {
      const r = await entity(id, query);
      expect([r.status, r.body.error.code]).toEqual([400, code]);
      expect(r.body.error.message.length).toBeGreaterThan(10);
    }
  });

  it('retention removes the entity rows with their decisions and keeps the recent ones', async () => {
    const present = now;
    now -= 100 * 86_400_000;
    const old = await submit(samplePayment({ customer_id: 'ent-ancient' }));
    now = present;
    const recent = await submit(samplePayment({ customer_id: 'ent-ancient' }));
    expect((await entity('ent-ancient')).body.decisions).toBe(2);
    const db = new Database(path.join(t.dataDir, 'decisionos.sqlite'), { readonly: true });
    const rows = db.prepare("SELECT decision_id FROM decision_entities WHERE entity_id = 'ent-ancient' ORDER BY created_at").pluck();
    try {
      expect(rows.all()).toEqual([old, recent]);
      const pruned = (await pruneData(t.engine.store, { cutoff: now - 90 * 86_400_000, now })).counts;
      expect(pruned.decisions).toBeGreaterThanOrEqual(1);
      expect(rows.all()).toEqual([recent]);
      const after = (await entity('ent-ancient')).body;
      expect([after.decisions, after.items.map((d: { decision_id: string }) => d.decision_id)]).toEqual([1, [recent]]);
    } finally {
      db.close();
    }
  });
});

describe('migration 5 (decision_entities)', () => {
  it('backfills the decisions a database held before it, so the entity view lists them', async () => {
    const dir = tempDataDir('dos-entity-migration-');
    const file = path.join(dir, 'old.sqlite');
    const before = new Database(file);
    for (const [i, sql] of MIGRATIONS.slice(0, 4).entries()) {
      before.exec(sql);
      before.pragma(`user_version = ${i + 1}`);
    }
    const addTask = before.prepare(`INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at) VALUES (?, ?, ?, 'RUNNING', ?, ?)`);
    const addDecision = before.prepare(`
      INSERT INTO decisions (decision_id, workspace_id, task_id, decision_type, status, inputs, findings, enqueued_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const row = (id: string, ws: string, type: string, status: string, inputs: object, at: string, findings: object[] = []) => {
      addTask.run(ws, `task-${id}`, type, at, at);
      addDecision.run(id, ws, `task-${id}`, type, status, JSON.stringify(inputs), JSON.stringify(findings), at, at, at);
    };
    const blocked = [{ code: 'amount_over_hard_limit', severity: 'critical', message: 'x', rule_id: 'r', kind: 'redline' }];
    row('dec_old1', 'default', 'payment_fraud_check', 'approved', { amount: 1, currency: 'EUR', customer_id: 'old-cust', merchant_id: 'old-shop' }, '2024-01-01 10:00:00.000');
    row('dec_old2', 'default', 'payment_fraud_check', 'blocked', { amount: 60_000, currency: 'EUR', customer_id: 'old-cust' }, '2024-01-02 10:00:00.000', blocked);
    row('dec_old3', 'default', 'reconciliation', 'approved', { affiliate_id: 'old-cust', platform: 'p', claimed_amount: 1, reported_amount: 1 }, '2024-01-03 10:00:00.000');
    row('dec_old4', 'other', 'payment_fraud_check', 'approved', { amount: 1, currency: 'EUR', customer_id: 'old-cust' }, '2024-01-04 10:00:00.000');
    before.close();

    const db = openDatabase(file);
    const store = createSqliteStore(db, file, { checkpoints: false });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const v = await store.getEntity('default', { entityId: 'old-cust', kind: null, limit: 50 }, null);
      expect(v.items.map((d) => d.decision_id)).toEqual(['dec_old3', 'dec_old2', 'dec_old1']);
      expect(v.found_as).toEqual(['affiliate', 'customer']);
      expect([v.decisions, v.by_status.approved, v.by_status.blocked]).toEqual([3, 2, 1]);
      expect(v.top_findings).toEqual([{ code: 'amount_over_hard_limit', decisions: 1 }]);
      expect([v.first_seen, v.last_seen]).toEqual(['2024-01-01T10:00:00.000Z', '2024-01-03T10:00:00.000Z']);
      const shop = await store.getEntity('default', { entityId: 'old-shop', kind: null, limit: 50 }, null);
      expect([shop.found_as, shop.items.map((d) => d.decision_id)]).toEqual([['merchant'], ['dec_old1']]);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
