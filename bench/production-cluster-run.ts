import autocannon from 'autocannon';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startProductionCluster, type ProductionCluster } from '../test/fixtures/production-cluster';
import { submitLoad } from './http';
import { costBetween, snapshot, type Cost, type Probe } from './accounting';

export interface ClusterMeasure {
  workers: number;
  /** Submissions over HTTP with the queue paused: the API process alone. */
  submit: { perS: number; p99: number; failed: number; cost: Cost; relayLagMs: number };
  /** A paused backlog drained by the workers once the queue resumes: the workers alone. */
  drain: { perS: number; cost: Cost };
  /** Submissions over HTTP while the workers judge, from the first request until the last decision is terminal. */
  endToEnd: { perS: number; submitPerS: number; cost: Cost };
  /** Only for the run that measures it: a fixed 2,000 submissions/s with the workers running. */
  fixedRate?: { sentPerS: number; p50: number; p99: number; failed: number };
}

const CONNECTIONS = 32;

/** A running cluster on a private Redis, with the connections that read its counters and its decisions. */
export interface BenchCluster {
  cluster: ProductionCluster;
  probe: Probe;
  close(): Promise<void>;
}

export async function startBenchCluster(redisUrl: string, redisPid: number, workers: number): Promise<BenchCluster> {
  const cluster = await startProductionCluster(workers, { redisUrl });
  if (!cluster) throw new Error('the production benchmark needs Postgres (TEST_POSTGRES_URL) and redis-server');
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const redis = new Redis(redisUrl);
  const pids = (children: { pid?: number }[]) => children.map((c) => c.pid as number);
  const probe: Probe = { db, redis, pids: { api: pids([cluster.api.child]), workers: pids(cluster.workers.map((w) => w.child)), redis: [redisPid] } };
  return {
    cluster,
    probe,
    async close() {
      await db.end();
      redis.disconnect();
      await cluster.stop();
    },
  };
}

/** Decisions not yet terminal (queued or processing). */
async function open(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM decisions WHERE status IN ('queued', 'processing')`);
  return (rows[0] as { n: number }).n;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function post(c: ProductionCluster, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${c.api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.api.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

async function submitAll(c: ProductionCluster, amount: number) {
  const r = await autocannon({ ...submitLoad(c.api), connections: CONNECTIONS, amount });
  return { perS: r['2xx'] / r.duration, p99: r.latency.p99, failed: r.non2xx + r.errors + r.timeouts };
}

/**
 * The three measurements of one cluster, each over `n` submissions: the API alone (queue paused), the workers alone
 * (draining that backlog), and both at once. A warm-up of 1,000 decisions runs first (JIT, pools, policy cache).
 */
export async function measureCluster(bench: BenchCluster, n: number): Promise<ClusterMeasure> {
  const { cluster: c, probe } = bench;
  await submitAll(c, 1_000);
  await until(async () => (await open(probe.db)) === 0, 'the warm-up');

  await post(c, '/api/queue/pause', { reason: 'benchmark: build a backlog' });
  let a = await snapshot(probe);
  const submit = await submitAll(c, n);
  // The relay has moved every job to Redis once the outbox is empty: only then is the backlog all on the queue.
  const submitted = performance.now();
  await until(async () => (await probe.db.query('SELECT 1 FROM supervisor_inbox LIMIT 1')).rowCount === 0, 'the outbox to drain');
  const relayLagMs = performance.now() - submitted;
  let b = await snapshot(probe);
  const submitCost = costBetween(a, b, n);

  a = await snapshot(probe);
  const t0 = performance.now();
  await post(c, '/api/queue/resume', { reason: 'benchmark: drain the backlog' });
  await until(async () => (await open(probe.db)) === 0, 'the backlog to drain');
  const drainPerS = n / ((performance.now() - t0) / 1000);
  b = await snapshot(probe);
  const drainCost = costBetween(a, b, n);

  a = await snapshot(probe);
  const t1 = performance.now();
  const e2eSubmit = await submitAll(c, n);
  await until(async () => (await open(probe.db)) === 0, 'the end-to-end decisions');
  const e2ePerS = n / ((performance.now() - t1) / 1000);
  b = await snapshot(probe);

  return {
    workers: c.workers.length,
    submit: { ...submit, cost: submitCost, relayLagMs },
    drain: { perS: drainPerS, cost: drainCost },
    endToEnd: { perS: e2ePerS, submitPerS: e2eSubmit.perS, cost: costBetween(a, b, n) },
  };
}

/** `POST /api/decisions` at a fixed 2,000 requests/s for `seconds`, workers running; then waits for the decisions. */
export async function fixedRate(bench: BenchCluster, seconds: number) {
  const r = await autocannon({ ...submitLoad(bench.cluster.api), connections: CONNECTIONS, overallRate: 2_000, duration: seconds });
  await until(async () => (await open(bench.probe.db)) === 0, 'the fixed-rate decisions');
  return { sentPerS: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, failed: r.non2xx + r.errors + r.timeouts };
}
