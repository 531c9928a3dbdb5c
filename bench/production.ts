import pg from 'pg';
import { Redis } from 'ioredis';
import { type BenchRow, fmt, int, timeRuns } from './lib';
import { startPrivateRedis } from './redis-server';
import { adapterNoop, rawBullmqNoop } from './raw-bullmq';
import { measurePgWriteCost } from './pg-write-cost';
import { fixedRate, measureCluster, startBenchCluster, type ClusterMeasure } from './production-cluster-run';
import type { Cost } from './accounting';
import { workerPhases, type WorkerPhases } from './worker-phases';
import { POSTGRES_ADMIN_URL } from '../test/contract/backends';

/** Submissions per cluster measurement (API alone, drain, end to end): sized to keep the section near 3 minutes. */
const N = 6_000;
const RAW_JOBS = 20_000;
const WORKER_COUNTS = [1, 2, 4];
/** Loops per worker process, as the README runs `decisionos worker --concurrency 2`. */
const LOOPS = 2;

const cpu = (c: Cost) => Object.entries(c.cpuMs).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ');
const redisTop = (c: Cost) => c.redis.top.map(([name, n]) => `${name} ${fmt(n, 1)}`).join(', ');
const costText = (c: Cost) =>
  `Postgres ${fmt(c.pg.xacts, 2)} tx, ${fmt(c.pg.inserted, 1)} rows inserted, ${fmt(c.pg.updated, 1)} updated, ${fmt(c.pg.deleted, 1)} deleted, ` +
  `${int(c.pg.walBytes)} B WAL; Redis ${fmt(c.redis.calls, 1)} commands (${redisTop(c)}); CPU ms: ${cpu(c)}; machine ${Math.round(c.machineBusy * 100)} % busy`;

/** Round trip of one trivial command from this process: the floor under every awaited call. */
async function roundTrips(redisUrl: string) {
  const redis = new Redis(redisUrl);
  const db = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await db.connect();
  try {
    return { redis: await timeRuns(2_000, () => redis.ping(), 50), pg: await timeRuns(2_000, () => db.query('SELECT 1'), 50) };
  } finally {
    redis.disconnect();
    await db.end();
  }
}

/**
 * Production mode (Postgres + BullMQ on Redis, real `decisionos` processes) against the raw speed of its two
 * backends, on this machine in one run. The Redis is a redis-server of the bench's own (see redis-server.ts); the
 * Postgres is the machine's (TEST_POSTGRES_URL), with a new database per cluster.
 */
export async function benchProduction(): Promise<BenchRow[]> {
  const redis = await startPrivateRedis();
  try {
    const rawOne = await rawBullmqNoop(redis.url, RAW_JOBS, 1);
    const rawMany = await rawBullmqNoop(redis.url, RAW_JOBS, 32);
    const adapter = await adapterNoop(redis.url, RAW_JOBS, LOOPS, 256);
    const pgCost = await measurePgWriteCost();
    const rtt = await roundTrips(redis.url);

    const runs: ClusterMeasure[] = [];
    let fixed: Awaited<ReturnType<typeof fixedRate>> | null = null;
    let phases: WorkerPhases | null = null;
    for (const workers of WORKER_COUNTS) {
      const cluster = await startBenchCluster(redis.url, redis.pid, workers);
      try {
        runs.push(await measureCluster(cluster, N));
        if (workers === 1) phases = await workerPhases(cluster, N);
        if (workers === 2) fixed = await fixedRate(cluster, 15);
      } finally {
        await cluster.close();
      }
    }

    const raw = Math.max(rawOne, rawMany);
    // The issue's target: per worker process, 80 % of what a no-op BullMQ worker does once each job also pays the
    // worker's Postgres writes (measured through our adapter above).
    const perProcessCeiling = 1 / (1 / raw + pgCost.workerWriteMs / 1000);
    const perProcessTarget = 0.8 * perProcessCeiling;

    const rows: BenchRow[] = [
      { name: 'Raw BullMQ: no-op Worker, 1 job in flight', result: `${int(rawOne)} jobs/s`, target: 'reference', met: null, note: `${int(RAW_JOBS)} jobs added first, shaped as ours (job id, priority, removeOnComplete); bench's own redis-server` },
      { name: 'Raw BullMQ: no-op Worker, 32 jobs in flight', result: `${int(rawMany)} jobs/s`, target: 'reference', met: null },
      { name: 'Our queue adapter (bullmq-queue.ts): claim 256 + ack, 2 loops, no judging', result: `${int(adapter)} jobs/s`, target: 'reference', met: null },
      { name: 'Raw Postgres: task_audits rows, one per transaction, 1 connection', result: `${int(pgCost.singleRowPerS)} rows/s`, target: 'reference', met: null, note: 'insertAudits (the statement every decision write uses), 700-byte payloads, migrated scratch database, synchronous_commit on' },
      { name: 'Raw Postgres: task_audits rows, one per transaction, 10 connections', result: `${int(pgCost.singleRowPooledPerS)} rows/s`, target: 'reference', met: null },
      { name: 'Raw Postgres: task_audits rows, 1,000 per transaction', result: `${int(pgCost.batchedRowsPerS)} rows/s`, target: 'reference', met: null },
      {
        name: 'Postgres write cost per decision through our adapter, 1 connection',
        result: `submission (acceptSubmission, 1 tx each) ${fmt(pgCost.submissionMs, 3)} ms; worker (startProcessing + recordOutcomes, 256 per batch) ${fmt(pgCost.workerWriteMs, 3)} ms`,
        target: 'reference',
        met: null,
      },
      {
        name: 'Round trip from the bench process',
        result: `Redis PING p50 ${fmt(rtt.redis.p50, 3)} ms, p99 ${fmt(rtt.redis.p99, 3)} ms; Postgres SELECT 1 p50 ${fmt(rtt.pg.p50, 3)} ms, p99 ${fmt(rtt.pg.p99, 3)} ms`,
        target: 'reference',
        met: null,
      },
    ];
    for (const r of runs) {
      const perProcess = r.drain.perS / r.workers;
      rows.push({
        name: `Production: ${r.workers} worker process${r.workers > 1 ? 'es' : ''} (${LOOPS} loops each) drain a backlog of ${int(N)}`,
        result: `${int(r.drain.perS)} decisions/s (${int(perProcess)} per process)`,
        target: `>= ${int(perProcessTarget)} per process (80 % of 1 / (1/${int(raw)} + ${fmt(pgCost.workerWriteMs, 3)} ms))`,
        met: perProcess >= perProcessTarget,
        note: 'queue paused while the API took the submissions, then resumed; timed until no decision is queued or processing',
      });
      rows.push({
        name: `Production end-to-end: ${int(N)} HTTP submissions (32 connections) -> terminal, ${r.workers} worker process${r.workers > 1 ? 'es' : ''}`,
        result: `${int(r.endToEnd.perS)} decisions/s (API alone, queue paused: ${int(r.submit.perS)} req/s, p99 ${r.submit.p99} ms${r.submit.failed ? `, ${r.submit.failed} failed` : ''})`,
        target: 'reference: bounded by the slower of API and workers',
        met: null,
        note: 'serve --no-worker and decisionos worker processes of the built CLI on a new database; 2 cores for everything',
      });
    }
    const one = runs[0] as ClusterMeasure;
    rows.push(
      {
        name: 'Per decision, submission (API alone, 1-worker cluster)',
        result: `${costText(one.submit.cost)}; outbox empty ${int(one.submit.relayLagMs)} ms after the last answer`,
        target: 'breakdown',
        met: null,
        note: 'counters: pg_stat_database of the cluster database, INFO commandstats of the bench redis-server (commands inside scripts included), /proc CPU',
      },
      { name: 'Per decision, judging (backlog drain, 1 worker process)', result: costText(one.drain.cost), target: 'breakdown', met: null },
    );
    if (phases) {
      rows.push({
        name: `Where a worker loop's time goes: the worker of \`decisionos worker\` in the bench process, 2 loops, backlog of ${int(N)}`,
        result: `${int(phases.perS)} decisions/s; loop ms per decision: ${phases.msPerDecision.map(([name, ms]) => `${name} ${fmt(ms, 3)}`).join(', ')}`,
        target: 'breakdown',
        met: null,
        note: 'composeWorker on the production adapters with its store, queue and signal history timed; the cluster\'s worker process stopped',
      });
    }
    if (fixed) {
      const sustained = fixed.sentPerS >= 1_900;
      rows.push({
        name: 'Production API at 2,000 submissions/s for 15 s, 2 worker processes judging',
        result: `sent ${int(fixed.sentPerS)} req/s; latency p50 ${fixed.p50} ms, p99 ${fixed.p99} ms${fixed.failed ? `; ${fixed.failed} failed` : ''}`,
        target: '2,000/s sustained (>= 1,900), p99 < 25 ms (as the embedded HTTP row)',
        met: sustained && fixed.p99 < 25 && fixed.failed === 0,
        note: 'autocannon overallRate 2,000 in the bench process',
      });
    }
    return rows;
  } finally {
    await redis.stop();
  }
}
