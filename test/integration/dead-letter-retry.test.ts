import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SignalRequest } from '../../src/main/engine/domain/signals';
import { startTestEngine, samplePayment, tempDataDir } from '../fixtures/engine';

const TOTAL = 1_000;
const dataDir = tempDataDir('dos-retry-race-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Signals that always fail: every decision ends dead-lettered after its one attempt. */
const failing = {
  compute(_request: SignalRequest): never {
    throw new Error('reputation service is down');
  },
};

const open = (conn: Database.Database) =>
  (conn.prepare(`SELECT COUNT(*) AS n FROM decisions WHERE status IN ('queued', 'processing')`).get() as { n: number }).n;

describe('dead-letter retry under a running worker', () => {
  it('retries 1,000 dead-lettered jobs while the worker claims on its own thread, and no decision is left queued without a job', async () => {
    // First run: inline worker with failing signals, so 1,000 decisions really end failed with a dead job.
    const first = await startTestEngine(
      { dataDir, maxAttempts: 1, rateLimitPerMinute: 100_000, batchSize: 64 },
      { signals: failing },
    );
    for (let i = 0; i < TOTAL; i += 1) {
      const r = await first.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: `c-${i}` }), task_id: `race-${i}` } });
      expect(r.status).toBe(202);
    }
    await first.drain(60_000);
    const dead = (await first.request('GET', '/api/queue/dead')).body.items as { job_id: string }[];
    expect(dead).toHaveLength(500); // the list is capped at 500; the ids come from the table below
    await first.engine.stop();

    const conn = new Database(path.join(dataDir, 'decisionos.sqlite'), { readonly: true });
    const deadIds = conn.prepare(`SELECT job_id FROM supervisor_inbox WHERE status = 'dead'`).pluck().all() as string[];
    expect(deadIds).toHaveLength(TOTAL);

    // Second run as in production: real signals, worker on the writer thread, claiming while the retries arrive.
    const second = await startTestEngine({ dataDir, rateLimitPerMinute: 100_000, workerThread: true, batchSize: 8, pollIntervalMs: 5 });
    try {
      const results = await Promise.all(
        deadIds.map((jobId) => second.request('POST', `/api/queue/dead/${jobId}/retry`, { body: { reason: 'vendor is back' } })),
      );
      expect(results.filter((r) => r.status !== 200)).toEqual([]);
      await second.drain(60_000);
      // Drained means no job is ready, delayed or leased: every decision must have reached a terminal state.
      expect(open(conn)).toBe(0);
      const approved = conn.prepare(`SELECT COUNT(*) FROM decisions WHERE status = 'approved'`).pluck().get();
      expect(approved).toBe(TOTAL);
    } finally {
      conn.close();
      await second.engine.stop();
    }
  }, 120_000);
});
