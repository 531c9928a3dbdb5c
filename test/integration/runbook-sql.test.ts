/**
 * The diagnostic SQL of the Decision Replay Operations Runbook (shared/seeds/001_*.txt), run verbatim against
 * the database file a real engine wrote. The statements below are copied character for character from the
 * runbook's code blocks (only the markdown indentation is dropped): if a schema change breaks one, the
 * runbook is what on-call pastes at 3 a.m., so this test must fail rather than be "fixed" by rewording the SQL.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';

// --- The runbook's SQL, verbatim -------------------------------------------------------------------------

/** Key Metrics 1, remediation 1: "Check database indexes". */
const SQL_INDEXES = `SELECT name FROM sqlite_master
WHERE type='index'
AND tbl_name IN ('task_audits', 'task_events');`;

/** Key Metrics 1, remediation 2: "Review slow queries". */
const SQL_TRACE_PLAN = `EXPLAIN QUERY PLAN
SELECT * FROM task_audits
WHERE task_id = ?
ORDER BY created_at DESC
LIMIT 200;`;

/** Key Metrics 2, remediation 2: "Review supervisor processing rate". */
const SQL_PROCESSING_RATE = `SELECT
  COUNT(*) as decisions,
  AVG(CAST((julianday(supervisor_processed_at) - julianday(source_event_ts)) * 86400 AS REAL)) as avg_lag_seconds
FROM task_audits
WHERE created_at >= datetime('now', '-1 hour')
AND source_event_ts IS NOT NULL
AND supervisor_processed_at IS NOT NULL;`;

/** Key Metrics 3, remediation 2: "Investigate common reason codes". */
const SQL_BLOCKED_REASONS = `SELECT
  json_extract(payload, '$.decision_snapshot.findings[0].code') as reason_code,
  COUNT(*) as count
FROM task_audits
WHERE event_type = 'SUPERVISOR_BLOCKED'
AND created_at >= datetime('now', '-7 days')
GROUP BY reason_code
ORDER BY count DESC
LIMIT 10;`;

/** Issue 1, resolution 4 and 5: manual unblock. */
const SQL_UNBLOCK = `UPDATE tasks SET status = 'RUNNING' WHERE task_id = ?;`;
const SQL_UNBLOCK_AUDIT = `INSERT INTO task_audits (audit_id, task_id, event_type, payload, created_at)
VALUES (?, ?, 'MANUAL_UNBLOCK', ?, datetime('now'));`;

/** Issue 2, diagnosis. */
const SQL_ORPHANED_AUDITS = `SELECT COUNT(*) FROM task_audits
WHERE task_id NOT IN (SELECT task_id FROM tasks);`;
const SQL_MISSING_EVENTS = `SELECT COUNT(*) FROM task_events
WHERE task_id = ? AND created_at BETWEEN ? AND ?;`;

/** Monitoring Dashboards: "Decision Type Distribution". */
const SQL_DECISION_TYPES = `SELECT
  event_type,
  COUNT(*) as count
FROM task_audits
WHERE created_at >= datetime('now', '-24 hours')
AND event_type LIKE 'SUPERVISOR_%'
GROUP BY event_type;`;

/** Monitoring Dashboards: "Blocked Tasks Timeline". */
const SQL_BLOCKED_TIMELINE = `SELECT
  date(created_at) as date,
  COUNT(DISTINCT task_id) as blocked_tasks
FROM task_audits
WHERE event_type = 'SUPERVISOR_BLOCKED'
AND created_at >= datetime('now', '-30 days')
GROUP BY date
ORDER BY date;`;

// --- The workload ----------------------------------------------------------------------------------------

/** Under the default policy: 3 hard-limit redlines, 2 redline tools, 4 clean payments; one decision per task. */
const OVER_LIMIT = ['rb-over-limit-1', 'rb-over-limit-2', 'rb-over-limit-3'];
const SHELL = ['rb-shell-1', 'rb-shell-2'];
const ORDINARY = ['rb-ok-1', 'rb-ok-2', 'rb-ok-3', 'rb-ok-4'];
const BLOCKED_TASKS = [...OVER_LIMIT, ...SHELL];
const ALL_TASKS = [...BLOCKED_TASKS, ...ORDINARY];

const REQUIRED_INDEXES = [
  'idx_task_audits_task_id',
  'idx_task_audits_decision_id',
  'idx_task_audits_created_at',
  'idx_task_audits_event_type',
  'idx_task_events_task_id',
  'idx_task_events_created_at',
];

let t: TestEngine;
let dbFile: string;
let reader: Database.Database;
let startDate: string;
const decisionOf = new Map<string, string>();

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  startDate = utcDate(Date.now());
  t = await startTestEngine({ rateLimitPerMinute: 1_000 });
  dbFile = path.join(t.dataDir, 'decisionos.sqlite');

  const bodies: { task_id: string; body: object }[] = [
    // Distinct customers: more than 5 payments of one customer in a minute would be a velocity finding.
    ...OVER_LIMIT.map((task_id, i) => ({ task_id, body: samplePayment({ amount: 60_000 + i * 1_000, customer_id: `cust-big-${i}` }) })),
    ...SHELL.map((task_id, i) => ({
      task_id,
      body: { decision_type: 'agent_tool_call', inputs: { agent_id: `agent-${i}`, tool: 'shell.exec', arguments: { cmd: 'rm -rf /tmp/x' } } },
    })),
    ...ORDINARY.map((task_id, i) => ({ task_id, body: samplePayment({ customer_id: `cust-ok-${i}` }) })),
  ];
  for (const { task_id, body } of bodies) {
    const res = await t.request('POST', '/api/decisions', { body: { ...body, task_id } });
    if (res.status !== 202) throw new Error(`submit ${task_id}: ${res.status} ${JSON.stringify(res.body)}`);
    decisionOf.set(task_id, res.body.decision_id);
  }
  await t.drain();
  reader = new Database(dbFile, { readonly: true, fileMustExist: true });
});

afterAll(async () => {
  if (reader?.open) reader.close();
  await t?.close();
});

describe('the workload the runbook SQL is checked against', () => {
  it('was judged as the default policy says: over-limit payments and shell.exec blocked, ordinary payments approved', async () => {
    for (const taskId of ALL_TASKS) {
      const res = await t.request('GET', `/api/governance/decisions/${decisionOf.get(taskId)}`);
      expect(res.status).toBe(200);
      const expected = OVER_LIMIT.includes(taskId) ? 'amount_over_hard_limit' : SHELL.includes(taskId) ? 'redline_tool' : null;
      expect({ task: taskId, status: res.body.status, first: res.body.findings[0]?.code ?? null }).toEqual({
        task: taskId,
        status: expected ? 'blocked' : 'approved',
        first: expected,
      });
    }
  });
});

describe('runbook diagnostics, run verbatim against the engine’s SQLite file', () => {
  it('"Investigate common reason codes" counts 3 amount_over_hard_limit and 2 redline_tool, most frequent first', () => {
    expect(reader.prepare(SQL_BLOCKED_REASONS).all()).toEqual([
      { reason_code: 'amount_over_hard_limit', count: 3 },
      { reason_code: 'redline_tool', count: 2 },
    ]);
  });

  it('the blocked-reasons endpoint the runbook pairs with that query reports the same counts', async () => {
    const res = await t.request('GET', '/api/governance/stats/blocked-reasons?window=7d&top_n=20');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total_blocked: 5,
      blocked_tasks: 5,
      reasons: [
        { reason_code: 'amount_over_hard_limit', count: 3 },
        { reason_code: 'redline_tool', count: 2 },
      ],
    });
  });

  it('"Review supervisor processing rate" counts one row per verdict (the only events with both timestamps) and a lag under a minute', () => {
    // From services/worker.ts and submit.ts: RECEIVED, ENQUEUED, PROCESSING_STARTED and SIGNALS_COMPUTED carry
    // source_event_ts but no supervisor_processed_at; only the terminal event (SUPERVISOR_* or FAILED) sets
    // both. Nothing failed, so exactly one SUPERVISOR_* row per decision: 9.
    const row = reader.prepare(SQL_PROCESSING_RATE).get() as { decisions: number; avg_lag_seconds: number };
    expect(row.decisions).toBe(ALL_TASKS.length);
    expect(typeof row.avg_lag_seconds).toBe('number');
    expect(row.avg_lag_seconds).toBeGreaterThanOrEqual(0);
    expect(row.avg_lag_seconds).toBeLessThan(60);

    const withBoth = reader
      .prepare(`SELECT event_type, COUNT(*) AS n, AVG(lag_ms) AS avg_lag_ms FROM task_audits
                WHERE source_event_ts IS NOT NULL AND supervisor_processed_at IS NOT NULL GROUP BY event_type ORDER BY event_type`)
      .all() as { event_type: string; n: number; avg_lag_ms: number }[];
    expect(withBoth.map((r) => [r.event_type, r.n])).toEqual([
      ['SUPERVISOR_APPROVED', ORDINARY.length],
      ['SUPERVISOR_BLOCKED', BLOCKED_TASKS.length],
    ]);
    // The two timestamp columns agree with the lag the worker measured (lag_ms), to the millisecond.
    const avgLagMs = withBoth.reduce((sum, r) => sum + r.avg_lag_ms * r.n, 0) / ALL_TASKS.length;
    expect(row.avg_lag_seconds).toBeCloseTo(avgLagMs / 1000, 2);
  });

  it('"Check for orphaned audits" finds none', () => {
    expect(reader.prepare(SQL_ORPHANED_AUDITS).pluck().get()).toBe(0);
  });

  it('"Check for missing events" finds the one decision.requested event of a task in a wide time range, none outside it', () => {
    const check = reader.prepare(SQL_MISSING_EVENTS).pluck();
    const taskId = ORDINARY[0] as string;
    expect(check.get(taskId, '2000-01-01 00:00:00', '2999-12-31 23:59:59')).toBe(1);
    expect(check.get(taskId, '2000-01-01 00:00:00', '2000-12-31 23:59:59')).toBe(0);
    expect(check.get('rb-no-such-task', '2000-01-01 00:00:00', '2999-12-31 23:59:59')).toBe(0);
  });

  it('"Check database indexes" lists every index the runbook requires on task_audits and task_events', () => {
    const names = reader.prepare(SQL_INDEXES).pluck().all() as string[];
    expect(names).toEqual(expect.arrayContaining(REQUIRED_INDEXES));
  });

  it('"Review slow queries": the trace query is answered by searching an index, not by scanning the table', () => {
    const plan = reader.prepare(SQL_TRACE_PLAN).all(OVER_LIMIT[0]) as { detail: string }[];
    const details = plan.map((p) => p.detail);
    expect(details.some((d) => /\bUSING (COVERING )?INDEX idx_task_audits_task_id\b/.test(d)), details.join(' | ')).toBe(true);
    expect(details.some((d) => /^SCAN task_audits$/.test(d)), details.join(' | ')).toBe(false);
  });

  it('"Decision Type Distribution" counts 4 SUPERVISOR_APPROVED and 5 SUPERVISOR_BLOCKED', () => {
    const rows = reader.prepare(SQL_DECISION_TYPES).all() as { event_type: string; count: number }[];
    expect([...rows].sort((a, b) => a.event_type.localeCompare(b.event_type))).toEqual([
      { event_type: 'SUPERVISOR_APPROVED', count: 4 },
      { event_type: 'SUPERVISOR_BLOCKED', count: 5 },
    ]);
  });

  it('"Blocked Tasks Timeline" counts the 5 blocked tasks on the day (UTC) they were judged', () => {
    const endDate = utcDate(Date.now());
    const rows = reader.prepare(SQL_BLOCKED_TIMELINE).all() as { date: string; blocked_tasks: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([startDate, endDate]).toContain(row.date);
    expect(rows.reduce((sum, r) => sum + r.blocked_tasks, 0)).toBe(BLOCKED_TASKS.length);
    if (startDate === endDate) expect(rows).toEqual([{ date: startDate, blocked_tasks: 5 }]);
  });
});

describe('runbook Issue 1: manual unblock by SQL', () => {
  it('after the runbook UPDATE and INSERT, the API trace ends with MANUAL_UNBLOCK and the summary shows RUNNING', async () => {
    const taskId = OVER_LIMIT[0] as string;
    const before = await t.request('GET', `/api/governance/tasks/${taskId}/summary`);
    expect(before.body.status).toBe('BLOCKED');

    const writer = new Database(dbFile, { fileMustExist: true });
    try {
      writer.pragma('busy_timeout = 5000');
      const payload = JSON.stringify({ reason: 'false positive: verified with the customer', operator: 'on-call' });
      writer.transaction(() => {
        expect(writer.prepare(SQL_UNBLOCK).run(taskId).changes).toBe(1);
        writer.prepare(SQL_UNBLOCK_AUDIT).run('aud-manual-unblock-rb-1', taskId, payload);
      })();
    } finally {
      writer.close();
    }

    const trace = await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`);
    expect(trace.status).toBe(200);
    const items = trace.body.items as { event_type: string; audit_id: string; payload: Record<string, unknown>; created_at: string }[];
    expect(items.map((e) => e.event_type)).toEqual([
      'RECEIVED', 'ENQUEUED', 'PROCESSING_STARTED', 'SIGNALS_COMPUTED', 'SUPERVISOR_BLOCKED', 'MANUAL_UNBLOCK',
    ]);
    const unblock = items.at(-1);
    expect(unblock).toMatchObject({
      audit_id: 'aud-manual-unblock-rb-1',
      payload: { reason: 'false positive: verified with the customer', operator: 'on-call' },
    });
    // datetime('now') has no fraction; the API still serves it as ISO 8601.
    expect(unblock?.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(trace.body.total).toBe(6);

    const summary = await t.request('GET', `/api/governance/tasks/${taskId}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.status).toBe('RUNNING');
    expect(summary.body.audit_events).toBe(6);
    expect(summary.body.blocked_reasons).toEqual(['amount_over_hard_limit']);
    // First and last follow the trace order even though the manual row's time has no milliseconds.
    expect(summary.body.first_event_at).toBe(items[0]?.created_at);
    expect(summary.body.last_event_at).toBe(unblock?.created_at);

    // The manual row carries no supervisor timestamps, so the processing-rate query is unchanged.
    expect((reader.prepare(SQL_PROCESSING_RATE).get() as { decisions: number }).decisions).toBe(ALL_TASKS.length);
    expect(reader.prepare(SQL_ORPHANED_AUDITS).pluck().get()).toBe(0);
  });
});
