import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueueStatus } from '../../src/shared/schemas/queue';
import { pool } from '../fixtures/child-engine';
import { checkOutcomes, openWork, submitDecision } from '../fixtures/decision-outcomes';
import { startProductionCluster, type ProductionCluster, type WorkerChild } from '../fixtures/production-cluster';

const DECISIONS = 20_000;
const KILL_EVERY_MS = 2_000;
const WORKERS = 3;

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  // A short lease, so the jobs of a killed worker come back within a few seconds rather than 30.
  cluster = await startProductionCluster(WORKERS, { env: { DECISIONOS_LEASE_MS: '2000' } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

const alive = (w: WorkerChild) => w.child.exitCode === null && w.child.signalCode === null;

/** Every `everyMs`: SIGKILL one live worker at random and start a replacement, until `done()`. */
async function killWorkers(c: ProductionCluster, everyMs: number, done: () => boolean): Promise<number> {
  let kills = 0;
  while (!done()) {
    const tick = performance.now();
    const live = c.workers.filter(alive);
    const victim = live[Math.floor(Math.random() * live.length)] as WorkerChild;
    victim.child.kill('SIGKILL');
    const { signal } = await victim.exited;
    expect(signal).toBe('SIGKILL');
    kills += 1;
    await c.startWorker();
    expect(c.workers.filter(alive)).toHaveLength(WORKERS);
    await sleep(Math.max(0, everyMs - (performance.now() - tick)));
  }
  return kills;
}

describe('production mode under kill -9: a random worker killed every 2 s while 3 workers and 1 API process 20,000 decisions', () => {
  it('ends every decision in exactly one terminal state with a complete trace, with nothing dead-lettered or left in the outbox', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const started = performance.now();
    let finished = false;
    const killing = killWorkers(c, KILL_EVERY_MS, () => finished);

    const accepted: string[] = [];
    const refused: number[] = [];
    await pool(DECISIONS, 32, async (i) => {
      const answer = await submitDecision(c, `kill9-${i}`, 10 + (i % 5_000));
      if (answer.status === 202 && answer.decisionId) accepted.push(answer.decisionId);
      else refused.push(answer.status);
    });
    const submittedMs = performance.now() - started;

    let open = { open: -1, outbox: -1 };
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      open = await openWork(c.databaseUrl);
      if (open.open === 0 && open.outbox === 0) break;
      await sleep(500);
    }
    finished = true;
    const kills = await killing;
    const judgedMs = performance.now() - started;

    expect(refused, 'the API is never killed: every submission is accepted').toEqual([]);
    expect(new Set(accepted).size).toBe(DECISIONS);
    expect(open, 'every decision reached a terminal state and the outbox drained').toEqual({ open: 0, outbox: 0 });
    const report = await checkOutcomes(c.databaseUrl, accepted);
    expect(report.decisions).toBe(DECISIONS);
    expect(report.missing).toEqual([]);
    expect(report.wrong, `${report.wrongCount} decision(s) without exactly one verdict and a complete trace`).toEqual([]);
    // A worker killed after writing its verdict but before acking leaves its job leased until the lease lapses
    // (2 s here); the stalled-job check then hands it to a live worker, which finds the decision terminal and acks.
    const queueStatus = async () => (await (await fetch(`${c.api.url}/api/queue`, { headers: { authorization: `Bearer ${c.api.key}` } })).json()) as QueueStatus;
    await expect.poll(async () => { const q = await queueStatus(); return { dead: q.dead, depth: q.depth, leased: q.leased }; },
      { timeout: 15_000, interval: 500, message: 'no job was dead-lettered by the kills, and none is left once the leases of killed workers lapse' })
      .toEqual({ dead: 0, depth: 0, leased: 0 });
    // The kills must really have interrupted work, or this test proves nothing about it.
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(report.restarted, 'some decisions were started again after their worker was killed').toBeGreaterThan(0);
    console.info(`kill -9: ${DECISIONS} decisions submitted in ${Math.round(submittedMs / 1000)} s, all judged in ${Math.round(judgedMs / 1000)} s; ${kills} workers killed, ${report.restarted} decisions started again`);
  }, 240_000);
});
