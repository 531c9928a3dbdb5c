import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../contract/backends';
import { pool } from '../fixtures/child-engine';
import { checkOutcomes, openWork, submitDecision } from '../fixtures/decision-outcomes';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { startSteadySubmitter, type Answer } from '../fixtures/steady-submitter';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy';

const OUTAGE_MS = 6_000;
const BURST = 2_000;

let proxy: TcpProxy | null = null;
let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  proxy = await startTcpProxy(POSTGRES_ADMIN_URL);
  const p = proxy;
  // A lease shorter than the outage: the leases of jobs claimed during it run out and the jobs are claimed again.
  cluster = await startProductionCluster(2, { databaseUrl: (real) => p.url(real), env: { DECISIONOS_LEASE_MS: '2000' } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  await proxy?.close();
}, 30_000);

const statuses = (answers: Answer[]) => [...new Set(answers.map((a) => a.status))].sort();

/** Decisions (read from the real server, past the proxy) that are open and whose job is on the queue, not in the outbox. */
async function queuedDecisions(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ decision_id: string }>(
      `SELECT decision_id FROM decisions WHERE status IN ('queued', 'processing')
       AND decision_id NOT IN (SELECT decision_id FROM supervisor_inbox)`,
    );
    return rows.map((r) => r.decision_id);
  } finally {
    await client.end();
  }
}

/** The highest delivery attempt the store recorded for these decisions (each claim during the outage counts one). */
async function maxAttempt(databaseUrl: string, decisionIds: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT max(attempts)::int AS n FROM decisions WHERE decision_id = ANY($1)', [decisionIds]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** Where each job is in BullMQ: 'failed' (dead-lettered), 'missing' (acked or lost), or 'queued' (any other state). */
async function jobStates(prefix: string, jobIds: string[]): Promise<Record<string, number>> {
  const redis = new Redis(REDIS_URL);
  try {
    const pipeline = redis.pipeline();
    for (const id of jobIds) pipeline.exists(`${prefix}:decisions:${id}`).zscore(`${prefix}:decisions:failed`, id);
    const replies = ((await pipeline.exec()) ?? []).map(([, value]) => value);
    const states: Record<string, number> = {};
    for (let i = 0; i < jobIds.length; i += 1) {
      const state = replies[2 * i + 1] !== null ? 'failed' : replies[2 * i] === 1 ? 'queued' : 'missing';
      states[state] = (states[state] ?? 0) + 1;
    }
    return states;
  } finally {
    redis.disconnect();
  }
}

/** BullMQ's own resume, straight in Redis: what `POST /api/queue/resume` does, without its Postgres audit event. */
async function resumeQueueInRedis(prefix: string): Promise<void> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('decisions', { connection, prefix });
  try {
    await queue.resume();
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

describe('production mode while Postgres is stopped mid-run', () => {
  it('answers submissions 503 with Retry-After within 1 s, keeps queued jobs on the queue unacked and not dead-lettered, and judges everything accepted once Postgres returns', async (ctx) => {
    const c = cluster;
    const p = proxy;
    if (!c || !p) return ctx.skip();
    const processes = [c.api.child, ...c.workers.map((w) => w.child)];
    const submitter = startSteadySubmitter(c, 'pg-outage');
    // A burst held on the paused queue, so that jobs are certainly waiting, not yet judged, when Postgres goes; the
    // queue is resumed in Redis itself after the cut (the API's resume writes its audit event to Postgres), so the
    // workers claim those jobs while the store is down.
    const auth = { authorization: `Bearer ${c.api.key}`, 'content-type': 'application/json' };
    expect((await fetch(`${c.api.url}/api/queue/pause`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'hold the burst' }) })).status).toBe(200);
    const burst: string[] = [];
    await pool(BURST, 32, async (i) => {
      const answer = await submitDecision(c, `pg-burst-${i}`, 10 + i);
      if (answer.status === 202 && answer.decisionId) burst.push(answer.decisionId);
    });
    expect(burst).toHaveLength(BURST);

    p.cut();
    await resumeQueueInRedis(c.redisPrefix);
    submitter.setPhase('outage');
    await sleep(1_000);
    const onQueue = await queuedDecisions(c.databaseUrl);
    expect(onQueue.length, 'some accepted jobs were still waiting when Postgres went').toBeGreaterThan(0);
    const readyDuring = await fetch(`${c.api.url}/ready`, { signal: AbortSignal.timeout(2_000) });
    expect(readyDuring.status).toBe(503);
    await sleep(OUTAGE_MS);
    // Workers cannot record an outcome, so they must not ack or bury: every such job is still on the queue.
    expect(await jobStates(c.redisPrefix, onQueue)).toEqual({ queued: onQueue.length });
    expect((await queuedDecisions(c.databaseUrl)).length, 'nothing was judged without Postgres').toBe(onQueue.length);
    submitter.setPhase('restored');
    p.restore();

    const restoredAt = performance.now();
    await expect.poll(() => submitter.answers.some((a) => a.sentIn === 'restored' && a.status === 202), { timeout: 10_000, interval: 100 }).toBe(true);
    const recoveryMs = performance.now() - restoredAt;
    await sleep(1_000);
    const answers = await submitter.stop();

    const during = answers.filter((a) => a.sentIn === 'outage' && a.answeredIn === 'outage');
    expect(during.length).toBeGreaterThan(20);
    expect(statuses(during), 'every submission during the outage is refused as unavailable').toEqual([503]);
    expect(during.filter((a) => a.retryAfter === null), 'with Retry-After').toEqual([]);
    expect(Math.max(...during.map((a) => a.ms)), 'within 1 s').toBeLessThan(1_000);
    expect(statuses(answers.filter((a) => a.sentIn === 'restored').slice(-20))).toEqual([202]);

    let open = { open: -1, outbox: -1 };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      open = await openWork(c.databaseUrl);
      if (open.open === 0 && open.outbox === 0) break;
    }
    expect(open).toEqual({ open: 0, outbox: 0 });
    const accepted = new Set([...burst, ...answers.flatMap((a) => (a.status === 202 && a.decisionId ? [a.decisionId] : []))]);
    const report = await checkOutcomes(c.databaseUrl, [...accepted]);
    expect(report.missing, 'every accepted decision is in the store').toEqual([]);
    // A submission in flight at the cut or at the restore may be saved while its caller got a 503 (cut off in its
    // COMMIT, or its wait for the store timed out just as the store came back): at most one per such request.
    const cutInFlight = answers.filter((a) => a.sentIn !== a.answeredIn && a.status !== 202).length;
    expect(report.decisions - accepted.size).toBeLessThanOrEqual(cutInFlight);
    expect(report.wrong, `${report.wrongCount} decision(s) without exactly one verdict and a complete trace`).toEqual([]);
    expect(await jobStates(c.redisPrefix, onQueue), 'judged and acked: the jobs are gone from the queue').toEqual({ missing: onQueue.length });
    const ready = await fetch(`${c.api.url}/ready`);
    expect(ready.status, await ready.text()).toBe(200);
    expect(processes.filter((child) => child.exitCode !== null || child.signalCode !== null), 'no process died or was restarted').toEqual([]);
    const attempts = await maxAttempt(c.databaseUrl, onQueue);
    // A batch the store refuses goes back unjudged without spending an attempt: at most the one batch in flight at
    // the cut spends one (its outcome write failed), however long the outage lasts.
    expect(attempts, 'the outage spent delivery attempts').toBeLessThanOrEqual(2);
    console.info(
      `Postgres outage: ${onQueue.length} jobs waiting on the queue at the cut (judged at attempt ${attempts} at most), ` +
        `${during.length} submissions refused during ${OUTAGE_MS} ms (slowest answer ${Math.round(Math.max(...during.map((a) => a.ms)))} ms), ` +
        `accepting again ${Math.round(recoveryMs)} ms after Postgres returned`,
    );
  }, 90_000);
});
