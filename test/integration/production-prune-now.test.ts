import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { ROWS_PER_OLD_TASK, seedOldPostgresRows } from '../fixtures/old-rows';
import { startSteadySubmitter } from '../fixtures/steady-submitter';
import { percentileSorted } from '../../src/main/engine/domain/percentiles';
import { apiCall } from '../fixtures/api-call';

const OLD_TASKS = 10_000;
const DAY = 86_400_000;

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  cluster = await startProductionCluster(1);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('prune-now on Postgres + Redis', () => {
  it('deletes the old rows the preview counted, per table, while submissions go on, keeps the recent ones and vacuums (ANALYZE) the tables', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    await seedOldPostgresRows(c.databaseUrl, { tasks: OLD_TASKS, from: Date.now() - 200 * DAY });
    const submitter = startSteadySubmitter(c, 'pg-recent', 2);
    await new Promise((r) => setTimeout(r, 1_000));

    const preview = await apiCall(c.api, 'POST', '/api/runbook/actions/prune-now/preview', { params: {} });
    expect(preview.status).toBe(200);
    expect(preview.body.touches.counts).toMatchObject({ tasks: OLD_TASKS, decisions: OLD_TASKS, task_audits: 2 * OLD_TASKS, task_events: OLD_TASKS });
    expect(preview.body.touches.total).toBe(OLD_TASKS * ROWS_PER_OLD_TASK);
    const hostile = await apiCall(c.api, 'POST', '/api/runbook/actions/prune-now/preview', { params: { retention_days: 0 } });
    expect([hostile.status, hostile.body.error.code]).toEqual([400, 'validation_failed']);

    submitter.setPhase('prune');
    const started = performance.now();
    const run = await apiCall(c.api, 'POST', '/api/runbook/actions/prune-now/run', { params: preview.body.params, reason: 'postgres prune test', confirm: preview.body.confirm });
    const runMs = performance.now() - started;
    submitter.setPhase('after');
    const answers = await submitter.stop();

    expect([run.status, run.body.error]).toEqual([200, undefined]);
    expect(run.body.counts).toEqual(preview.body.touches.counts);
    expect(run.body.summary).toMatch(/vacuumed the pruned tables/);
    const during = answers.filter((a) => a.sentIn === 'prune').map((a) => a.ms).sort((a, b) => a - b);
    console.log(`Postgres: ${OLD_TASKS * ROWS_PER_OLD_TASK} rows pruned in ${Math.round(runMs)} ms (${run.body.summary}); submit p99 during ${percentileSorted(during, 99)?.toFixed(1)} ms over ${during.length}`);
    expect(answers.every((a) => a.status === 202)).toBe(true);

    const [left] = await query(c.databaseUrl, `SELECT
      (SELECT count(*)::int FROM tasks WHERE task_id LIKE 'old-task-%') + (SELECT count(*)::int FROM decisions WHERE task_id LIKE 'old-task-%')
      + (SELECT count(*)::int FROM task_audits WHERE task_id LIKE 'old-task-%') + (SELECT count(*)::int FROM task_events WHERE task_id LIKE 'old-task-%') AS old,
      (SELECT count(*)::int FROM decisions WHERE task_id LIKE 'pg-recent-%') AS recent`);
    expect(left).toEqual({ old: 0, recent: answers.length });
    const analyzed = await query(c.databaseUrl, `SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AND relname IN ('tasks', 'decisions', 'task_audits', 'task_events', 'decision_entities') ORDER BY relname`);
    expect(analyzed.map((r) => r.relname)).toEqual(['decision_entities', 'decisions', 'task_audits', 'task_events', 'tasks']);
  }, 120_000);
});
