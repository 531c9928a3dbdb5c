/**
 * The runbook's diagnostic SQL (Postgres form, runbook-sql.ts), run as written against a migrated database seeded
 * with a known workload: each query must return exactly the rows the workload implies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { createPostgresDatabaseForTests } from './backends';
import { postgresSeed, type StoreSeed } from './store-seed';
import { EXPLAIN_TASK_TRACE, RUNBOOK_SQL_POSTGRES as SQL } from './runbook-sql';

const database = await createPostgresDatabaseForTests();
let pool: PgPool;
let seed: StoreSeed;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bulk trail for the planner: many tasks with a few events each, long ago (outside every window below). */
const BULK_TASKS = 4_000;
const BULK_EVENTS_PER_TASK = 5;

async function task(taskId: string, status: string, updatedAgo: number) {
  const at = Date.now() - updatedAgo;
  await seed.task({ workspaceId: 'ws-a', taskId, decisionType: 'payment_fraud_check', status, createdAt: at, updatedAt: at });
}

async function blocked(auditId: string, taskId: string, code: string, ago: number) {
  await seed.audit({
    auditId, workspaceId: 'ws-a', taskId, decisionId: `dec_${auditId}`, eventType: 'SUPERVISOR_BLOCKED', actor: 'worker',
    payload: { decision_snapshot: { status: 'blocked', findings: [{ code }, { code: 'also_hit' }] } }, createdAt: Date.now() - ago, reasonCode: code,
  });
}

async function seedWorkload() {
  await task('t-stuck-3h', 'BLOCKED', 3 * HOUR);
  await task('t-stuck-2h', 'BLOCKED', 2 * HOUR);
  await task('t-blocked-10m', 'BLOCKED', 10 * MINUTE);
  await task('t-running-5h', 'RUNNING', 5 * HOUR);
  await task('t-trace', 'RUNNING', HOUR);

  // Blocked this week: 3 over the limit, 2 redline tools, 1 velocity; an older redline and an approval do not count.
  for (const [i, code] of ['amount_over_hard_limit', 'redline_tool', 'amount_over_hard_limit', 'velocity', 'redline_tool', 'amount_over_hard_limit'].entries()) {
    await blocked(`blk_${i}`, 't-stuck-3h', code, (i + 1) * DAY - HOUR);
  }
  await blocked('blk_old', 't-stuck-3h', 'redline_tool', 8 * DAY);
  await seed.audit({ auditId: 'appr_1', workspaceId: 'ws-a', taskId: 't-running-5h', decisionId: 'dec_a', eventType: 'SUPERVISOR_APPROVED', actor: 'worker', payload: {}, createdAt: Date.now() - HOUR });

  // Lag: 100 verdicts in the last hour with lag 1..100 ms; two from earlier (huge lag) are outside the window.
  for (let lag = 1; lag <= 100; lag += 1) {
    await seed.audit({ auditId: `lag_${lag}`, workspaceId: 'ws-a', taskId: 't-running-5h', decisionId: `dec_l${lag}`, eventType: 'SUPERVISOR_APPROVED', actor: 'worker', payload: {}, createdAt: Date.now() - 30 * MINUTE, lagMs: lag });
  }
  for (const ago of [2 * HOUR, DAY]) {
    await seed.audit({ auditId: `lag_old_${ago}`, workspaceId: 'ws-a', taskId: 't-running-5h', decisionId: null, eventType: 'SUPERVISOR_APPROVED', actor: 'worker', payload: {}, createdAt: Date.now() - ago, lagMs: 999_999 });
  }

  // The trace: four events of one task, written in this order (seq), two of them at the same instant.
  const at = Date.now() - HOUR;
  for (const [i, eventType] of ['RECEIVED', 'ENQUEUED', 'PROCESSING_STARTED', 'SUPERVISOR_APPROVED'].entries()) {
    await seed.audit({ auditId: `trace_${i}`, workspaceId: 'ws-a', taskId: 't-trace', decisionId: 'dec_trace', eventType, actor: i === 0 ? 'api' : 'worker', payload: { step: i }, createdAt: at + Math.min(i, 2) });
  }

  // The outbox: three jobs waiting for the relay.
  for (let i = 0; i < 3; i += 1) {
    await pool.query(
      `INSERT INTO supervisor_inbox (job_id, decision_id, workspace_id, task_id, job, created_at) VALUES ($1, $2, 'ws-a', 't-trace', '{}', now())`,
      [`job_${i}`, `dec_${i}`],
    );
  }

  // Enough rows that reading the whole table is plainly worse than an index for one task.
  await pool.query(
    `INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at)
     SELECT 'ws-bulk', 'bulk-' || n, 'payment_fraud_check', 'RUNNING', now() - interval '30 days', now() - interval '30 days'
     FROM generate_series(1, $1) n`,
    [BULK_TASKS],
  );
  await pool.query(
    `INSERT INTO task_audits (audit_id, workspace_id, task_id, event_type, actor, payload, created_at)
     SELECT 'bulk-' || n || '-' || e, 'ws-bulk', 'bulk-' || n, 'RECEIVED', 'api', '{}', now() - interval '30 days'
     FROM generate_series(1, $1) n CROSS JOIN generate_series(1, $2) e`,
    [BULK_TASKS, BULK_EVENTS_PER_TASK],
  );
  await pool.query('ANALYZE');
}

describe.skipIf(database === null)('runbook diagnostics, Postgres form, against a seeded database', () => {
  beforeAll(async () => {
    pool = createPgPool(database!.url, { max: 2 });
    await migratePostgres(pool);
    seed = postgresSeed(pool);
    await seedWorkload();
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('"blocked reasons this week" counts the first finding of each block in the last 7 days, most frequent first', async () => {
    const { rows } = await pool.query(SQL.blockedReasonsThisWeek);
    expect(rows).toEqual([
      { reason_code: 'amount_over_hard_limit', count: 3 },
      { reason_code: 'redline_tool', count: 2 },
      { reason_code: 'velocity', count: 1 },
    ]);
  });

  it('"outbox backlog" counts the jobs the relay has not yet sent, per status', async () => {
    expect((await pool.query(SQL.outboxBacklog)).rows).toEqual([{ status: 'pending', count: 3 }]);
    await pool.query('DELETE FROM supervisor_inbox WHERE job_id = $1', ['job_0']);
    expect((await pool.query(SQL.outboxBacklog)).rows).toEqual([{ status: 'pending', count: 2 }]);
  });

  it('"decision lag p95" interpolates the 95th percentile of the last hour\'s lags only', async () => {
    const { rows } = await pool.query<{ p95_lag_ms: number; decisions: number }>(SQL.decisionLagP95LastHour);
    // Lags 1..100: the 95th percentile sits 0.95 * 99 = 94.05 places in, between 95 and 96.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.decisions).toBe(100);
    expect(rows[0]!.p95_lag_ms).toBeCloseTo(95.05, 6);
  });

  it('"tasks stuck BLOCKED" lists the tasks blocked for over an hour, longest first, with the minutes', async () => {
    const { rows } = await pool.query<{ workspace_id: string; task_id: string; updated_at: number; blocked_minutes: string }>(SQL.tasksStuckBlocked);
    expect(rows.map((r) => [r.task_id, Number(r.blocked_minutes)])).toEqual([
      ['t-stuck-3h', 180],
      ['t-stuck-2h', 120],
    ]);
  });

  it('"task trace" returns one task\'s events in the order they were written (seq), ties of one instant included', async () => {
    const { rows } = await pool.query<{ seq: number; event_type: string; actor: string; payload: { step: number } }>(SQL.taskTrace, ['t-trace']);
    expect(rows.map((r) => [r.event_type, r.actor, r.payload.step])).toEqual([
      ['RECEIVED', 'api', 0],
      ['ENQUEUED', 'worker', 1],
      ['PROCESSING_STARTED', 'worker', 2],
      ['SUPERVISOR_APPROVED', 'worker', 3],
    ]);
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));
    expect((await pool.query(SQL.taskTrace, ['no-such-task'])).rows).toEqual([]);
  });

  it('"audit indexes" lists the trace indexes the runbook relies on', async () => {
    const names = (await pool.query<{ indexname: string }>(SQL.auditIndexes)).rows.map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining([
      'idx_task_audits_task_id', 'idx_task_audits_trace', 'idx_task_audits_created_at', 'idx_task_audits_event_type',
      'idx_task_audits_decision_id', 'idx_task_events_task_id', 'idx_task_events_created_at',
    ]));
  });

  it('the trace query reads one task through its index, not the whole table (statistics from ANALYZE, no planner switches)', async () => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(EXPLAIN_TASK_TRACE, ['bulk-17']);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index (Only )?Scan using idx_task_audits_trace on task_audits|Bitmap Index Scan on idx_task_audits_(trace|task_id)|Index Scan using idx_task_audits_task_id on task_audits/);
    expect(plan).not.toMatch(/Seq Scan on task_audits/);
  });
});
