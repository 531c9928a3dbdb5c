import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import { parseCsv } from '../fixtures/csv';
import { toSqlTime } from '../../src/main/engine/adapters/sqlite/sql-time';
import { EXPORT_COLUMNS } from '../../src/main/engine/domain/audit-export-format';
import { EXPORT_PAGE_ROWS } from '../../src/main/engine/services/runbook/audit-export';

const ROWS = 50_000;
// Recent: the retention pruner (90 days) would delete older rows while the tests read them.
const T0 = Date.now() - 3_600_000;
const NASTY = '=HYPERLINK("http://evil.example","click"), then\r\na "quoted" line';
let t: TestEngine;
let base = '';
let reader = '';

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 1_000_000 }, { listen: true, telemetryTimer: false });
  base = t.engine.url as string;
  reader = await t.keyFor('default', ['read']);
  // Seeded with plain SQL beside the running engine (WAL): 50,000 events of one big task, about 1 KB of payload each,
  // a small task with hostile text, and another workspace's events that must never show.
  const db = new Database(path.join(t.dataDir, 'decisionos.sqlite'));
  db.pragma('busy_timeout = 5000');
  const task = db.prepare(`INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at) VALUES (?, ?, 'payment_fraud_check', 'RUNNING', ?, ?)`);
  const audit = db.prepare(`INSERT INTO task_audits (audit_id, workspace_id, task_id, decision_id, event_type, actor, payload, created_at, reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const filler = 'x'.repeat(1_000);
  db.transaction(() => {
    for (const [ws, id] of [['default', 'big'], ['default', 'nasty'], ['other-ws', 'secret']]) task.run(ws, id, toSqlTime(T0), toSqlTime(T0));
    for (let i = 0; i < ROWS; i += 1) audit.run(`aud_big_${String(i).padStart(6, '0')}`, 'default', 'big', `dec_${i}`, 'RECEIVED', 'worker', JSON.stringify({ i, filler }), toSqlTime(T0 + i), null);
    audit.run('aud_nasty', 'default', 'nasty', 'dec_n', 'MANUAL_UNBLOCK', '+cmd|calc', JSON.stringify({ reason: NASTY }), toSqlTime(T0 + 1), NASTY);
    for (let i = 0; i < 20; i += 1) audit.run(`aud_secret_${i}`, 'other-ws', 'secret', null, 'RECEIVED', 'spy', '{"secret":true}', toSqlTime(T0 + i), null);
  })();
  db.close();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const get = (query: string, key = t.adminKey) => fetch(`${base}/api/audit/export?${query}`, { headers: { authorization: `Bearer ${key}` } });

/** Reads a body line by line as it arrives, never holding more than the current chunk and the partial line. */
async function eachLine(response: Response, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() as string;
    for (const line of lines) onLine(line);
  }
  expect(rest).toBe('');
}

async function exportedEvents(): Promise<{ actor: string; payload: { rows: number; complete: boolean; filter: Record<string, unknown>; format: string; via: string } }[]> {
  const r = await get('event_type=AUDIT_EXPORTED');
  return (await r.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('GET /api/audit/export', () => {
  it('streams a 50,000-row JSONL export page by page: it reads ahead of a client that stops only a few pages, then the rest, each line parsing', async () => {
    const store = t.engine.store;
    const original = store.auditExportPage;
    let pages = 0;
    store.auditExportPage = (...args) => ((pages += 1), original.apply(store, args));
    try {
      const response = await get('task_id=big');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="decisionos-audit-default-\d{8}T\d{6}\.\d{3}Z\.jsonl"$/);
      const body = response.body as unknown as AsyncIterable<Uint8Array>;
      const iterator = body[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      // The client reads nothing more for a while: the engine stops reading when the socket is full.
      await new Promise((r) => setTimeout(r, 500));
      expect(pages).toBeLessThan(12);
      const total = Math.ceil(ROWS / EXPORT_PAGE_ROWS);
      expect(pages).toBeLessThan(total);

      let lines = 0;
      let last = -1;
      const decoder = new TextDecoder();
      let rest = decoder.decode((first as IteratorYieldResult<Uint8Array>).value, { stream: true });
      const take = (text: string) => {
        const parts = (rest + text).split('\n');
        rest = parts.pop() as string;
        for (const line of parts) {
          const row = JSON.parse(line);
          expect(row.payload.i).toBe(last + 1);
          last = row.payload.i;
          lines += 1;
        }
      };
      take('');
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) take(decoder.decode(next.value, { stream: true }));
      expect([lines, rest]).toEqual([ROWS, '']);
      expect(pages).toBe(total + 1); // the last, empty page says it is over
    } finally {
      store.auditExportPage = original;
    }
    await expect.poll(async () => (await exportedEvents()).find((e) => e.payload.filter.task_id === 'big')?.payload, { timeout: 5_000 }).toMatchObject({ rows: ROWS, complete: true, format: 'jsonl', via: 'http' });
  }, 120_000);

  it("streams the workspace's whole trail (both trails merged, no filter) in time order, every seeded row once", async () => {
    let previous = '';
    const seen = new Set<string>();
    let big = 0;
    await eachLine(await get('format=jsonl'), (line) => {
      const row = JSON.parse(line);
      expect(row.at >= previous).toBe(true);
      previous = row.at;
      expect(seen.has(row.audit_id)).toBe(false);
      seen.add(row.audit_id);
      if (row.task_id === 'big') big += 1;
    });
    expect(big).toBe(ROWS);
    expect(seen.has('aud_nasty')).toBe(true);
  }, 120_000);

  it('CSV round-trips quotes, commas and line breaks and neutralises formula cells; JSONL keeps the text as it was', async () => {
    const csv = await get('format=csv&task_id=nasty');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/\.csv"$/);
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(row).toMatchObject({ audit_id: 'aud_nasty', actor: "'+cmd|calc", reason_code: `'${NASTY}`, task_id: 'nasty', event_type: 'MANUAL_UNBLOCK', source: 'task' });
    expect(JSON.parse(row.payload as string)).toEqual({ reason: NASTY });

    const jsonl = (await (await get('task_id=nasty')).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toEqual([expect.objectContaining({ actor: '+cmd|calc', reason_code: NASTY, payload: { reason: NASTY } })]);
  });

  it("never shows another workspace's events; that workspace's key sees only its own", async () => {
    const mine = (await (await get(`since=${new Date(T0).toISOString()}&until=${new Date(T0 + 30).toISOString()}`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.workspace_id === 'default' || r.workspace_id === 'system')).toBe(true);
    expect(mine.some((r) => JSON.stringify(r).includes('secret'))).toBe(false);
    const theirs = (await (await get('', await t.keyFor('other-ws', ['read']))).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(theirs.filter((r) => r.source === 'task').map((r) => r.task_id)).toEqual(Array(20).fill('secret'));
    expect((await (await get('task_id=secret')).text())).toBe('');
  });

  it('narrows by event types and a time range, and a read-only key may export (it is audited with that key)', async () => {
    const r = await get(`event_type=MANUAL_UNBLOCK,SUPERVISOR_BLOCKED&since=${new Date(T0).toISOString()}&until=${new Date(T0 + 2).toISOString()}`, reader);
    expect(r.status).toBe(200);
    expect((await r.text()).trim().split('\n').map((l) => JSON.parse(l).audit_id)).toEqual(['aud_nasty']);
    const events = await exportedEvents();
    expect(events.at(-1)?.actor).toBe('default-test');
  });

  it('refuses bad filters with 400 and a sentence, a missing key with 401, and writes no export event for them', async () => {
    const before = (await exportedEvents()).length;
    for (const query of ['format=xlsx', 'since=yesterday', `since=${new Date(T0 + 10).toISOString()}&until=${new Date(T0).toISOString()}`, 'event_type=received', `event_type=${Array(40).fill('A').join(',')}`, `task_id=${'x'.repeat(200)}`, 'task_id=a,b', 'limit=5']) {
      const r = await get(query);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect([r.status, body.error.code], query).toEqual([400, 'validation_failed']);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    expect((await fetch(`${base}/api/audit/export`)).status).toBe(401);
    const submitOnly = await get('task_id=big', await t.keyFor('default', ['submit']));
    expect([submitOnly.status, ((await submitOnly.json()) as { error: { code: string } }).error.code]).toEqual([403, 'forbidden']);
    expect((await exportedEvents()).length).toBe(before + 1); // the listing's own export
  });

  it('two exports at once both stream the whole trail, each audited', async () => {
    const before = (await exportedEvents()).length;
    const counts = await Promise.all([0, 1].map(async () => {
      let n = 0;
      await eachLine(await get('task_id=big&format=jsonl'), () => (n += 1));
      return n;
    }));
    expect(counts).toEqual([ROWS, ROWS]);
    await expect.poll(async () => (await exportedEvents()).length - before, { timeout: 5_000 }).toBe(3);
    const both = (await exportedEvents()).slice(before).filter((e) => e.payload.filter.task_id === 'big');
    expect(both.map((e) => [e.payload.rows, e.payload.complete])).toEqual([[ROWS, true], [ROWS, true]]);
  }, 120_000);
});

describe('runbook action export-audit', () => {
  it('writes the previewed rows into <dataDir>/exports as a new private file, and needs the operate scope', async () => {
    const preview = await t.request('POST', '/api/runbook/actions/export-audit/preview', { body: { params: { task_id: 'nasty', format: 'csv' } } });
    expect(preview.status).toBe(200);
    expect(preview.body.touches.counts).toEqual({ rows: 1, files: 1 });
    expect(preview.body.params).toMatchObject({ task_id: 'nasty', format: 'csv', until: expect.any(String) });
    const run = await t.request('POST', '/api/runbook/actions/export-audit/run', { body: { params: preview.body.params, reason: 'compliance request 42' } });
    expect([run.status, run.body.counts, run.body.undo]).toEqual([200, { rows: 1, files: 1 }, null]);
    const files = fs.readdirSync(path.join(t.dataDir, 'exports'));
    expect(files).toHaveLength(1);
    const file = path.join(t.dataDir, 'exports', files[0] as string);
    expect(run.body.summary).toContain(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(parseCsv(fs.readFileSync(file, 'utf8'))[1]?.[EXPORT_COLUMNS.indexOf('audit_id')]).toBe('aud_nasty');

    const refused = await t.request('POST', '/api/runbook/actions/export-audit/run', { body: { params: {}, reason: 'read key tries' }, key: await t.keyFor('default', ['read', 'submit', 'review']) });
    expect(refused.status).toBe(403);
    expect(fs.readdirSync(path.join(t.dataDir, 'exports'))).toHaveLength(1);
    for (const params of [{ format: 'pdf' }, { event_types: ['lower'] }, { since: new Date(T0 + 5).toISOString(), until: new Date(T0).toISOString() }, { task_id: 'x'.repeat(129) }, { file: '../../etc/passwd' }]) {
      const bad = await t.request('POST', '/api/runbook/actions/export-audit/preview', { body: { params } });
      expect([bad.status, bad.body.error.code], JSON.stringify(params)).toEqual([400, 'validation_failed']);
    }
  });

  it('two runs at once each write a file of their own', async () => {
    const before = fs.readdirSync(path.join(t.dataDir, 'exports')).length;
    const params = { task_id: 'nasty', format: 'jsonl', until: new Date(Date.now()).toISOString() };
    const runs = await Promise.all([0, 1, 2].map(() => t.request('POST', '/api/runbook/actions/export-audit/run', { body: { params, reason: 'three auditors at once' } })));
    expect(runs.map((r) => [r.status, r.body.counts])).toEqual(Array(3).fill([200, { rows: 1, files: 1 }]));
    expect(fs.readdirSync(path.join(t.dataDir, 'exports'))).toHaveLength(before + 3);
  });
});
