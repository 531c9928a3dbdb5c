import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnEngine, type ChildEngine } from '../fixtures/child-engine';
import { tempDataDir } from '../fixtures/engine';
import { ROWS_PER_OLD_TASK, seedOldSqliteRows } from '../fixtures/old-rows';
import { startSteadySubmitter } from '../fixtures/steady-submitter';
import { percentileSorted } from '../../src/main/engine/domain/percentiles';
import { apiCall } from '../fixtures/api-call';

/*
 * Issue 12's Done-when: "pruning 1,000,000 old rows keeps submit p99 under 50 ms while it runs". A real
 * `decisionos serve` (writer thread, checkpointer) on a file seeded with 1,000,000 rows from 200 days ago, a steady
 * submitter (4 clients, one request after the other) the whole time, and prune-now run through the API. The p99 is
 * wall-clock over the answers to requests sent while the run request was open; the same measure before it is
 * printed beside it (on a shared machine, other processes' load shows in both).
 */

const OLD_TASKS = 200_000;
const DAY = 86_400_000;

let engine: ChildEngine | undefined;
const dataDir = tempDataDir('dos-prune-');
afterAll(async () => {
  engine?.child.kill('SIGTERM');
  await engine?.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

const p99 = (ms: number[]) => percentileSorted([...ms].sort((a, b) => a - b), 99) ?? Number.NaN;

describe('prune-now under load (embedded SQLite)', () => {
  it('deletes 1,000,000 old rows while submit p99 stays under 50 ms, keeps every recent row, and vacuums the space', async () => {
    const file = path.join(dataDir, 'decisionos.sqlite');
    let started = performance.now();
    seedOldSqliteRows(file, { tasks: OLD_TASKS, from: Date.now() - 200 * DAY });
    const seedMs = performance.now() - started;

    engine = await spawnEngine(dataDir);
    const e = engine;
    const submitter = startSteadySubmitter({ api: e }, 'recent');
    submitter.setPhase('warm-up');
    await new Promise((r) => setTimeout(r, 2_000));
    submitter.setPhase('before');
    await new Promise((r) => setTimeout(r, 3_000));

    submitter.setPhase('preview');
    started = performance.now();
    const preview = await apiCall(e, 'POST', '/api/runbook/actions/prune-now/preview', { params: {} });
    const previewMs = performance.now() - started;
    expect(preview.status).toBe(200);
    expect(preview.body.touches.counts).toMatchObject({ tasks: OLD_TASKS, decisions: OLD_TASKS, task_audits: 2 * OLD_TASKS, task_events: OLD_TASKS });
    expect(preview.body.touches.total).toBe(OLD_TASKS * ROWS_PER_OLD_TASK);

    submitter.setPhase('prune');
    started = performance.now();
    const run = await apiCall(e, 'POST', '/api/runbook/actions/prune-now/run', { params: preview.body.params, reason: 'prune under load test', confirm: preview.body.confirm });
    const runMs = performance.now() - started;
    submitter.setPhase('after');
    await new Promise((r) => setTimeout(r, 500));
    const answers = await submitter.stop();

    expect([run.status, run.body.error]).toEqual([200, undefined]);
    expect(run.body.counts).toEqual(preview.body.touches.counts);
    const before = answers.filter((a) => a.sentIn === 'before' && a.answeredIn === 'before').map((a) => a.ms);
    const during = answers.filter((a) => a.sentIn === 'prune' && a.answeredIn === 'prune').map((a) => a.ms);
    const report = `seeded ${OLD_TASKS * ROWS_PER_OLD_TASK} rows in ${Math.round(seedMs)} ms; preview ${Math.round(previewMs)} ms; run ${Math.round(runMs)} ms ` +
      `(${run.body.summary}); submit p99 before ${p99(before).toFixed(1)} ms over ${before.length}, during ${p99(during).toFixed(1)} ms over ${during.length} (max ${Math.max(...during).toFixed(1)} ms)`;
    console.log(report);
    // p99 per 5 s from the run's start (negative: before it), to see where latency went if it fails.
    const runStart = answers.find((a) => a.sentIn === 'prune')?.sentAt ?? 0;
    const buckets = new Map<number, number[]>();
    for (const a of answers.filter((x) => x.sentIn !== 'warm-up')) {
      const bucket = Math.floor((a.sentAt - runStart) / 5_000) * 5;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), a.ms]);
    }
    console.log([...buckets].map(([at, ms]) => `${at}s: p99 ${p99(ms).toFixed(0)} ms (${ms.length})`).join('; '));
    expect(answers.every((a) => a.status === 202), report).toBe(true);
    expect(during.length, report).toBeGreaterThan(100);
    // Says which it is when this fails: a machine too busy to measure on, or pruning that holds submissions up.
    expect(p99(before), `the machine is too busy to measure on: without pruning already ${report}`).toBeLessThan(50);
    expect(p99(during), report).toBeLessThan(50);

    const db = new Database(file, { readonly: true });
    try {
      const left = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table} WHERE task_id LIKE 'old-task-%'`).pluck().get();
      expect([left('tasks'), left('decisions'), left('task_audits'), left('task_events')]).toEqual([0, 0, 0, 0]);
      const recent = db.prepare(`SELECT COUNT(*) FROM decisions WHERE task_id LIKE 'recent-%'`).pluck().get();
      expect(recent).toBe(answers.length);
      expect(db.pragma('freelist_count', { simple: true })).toBeLessThan(1_000);
    } finally {
      db.close();
    }
  }, 150_000);
});
