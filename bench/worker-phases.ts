import autocannon from 'autocannon';
import pino from 'pino';
import { configFromEnv } from '../src/main/engine/config';
import { createPgPool } from '../src/main/engine/adapters/postgres/pg-pool';
import { createPostgresStore } from '../src/main/engine/adapters/postgres/pg-store';
import { closeRedis, connectRedis, whenReady } from '../src/main/engine/adapters/redis/redis-connections';
import { createBullmqQueue } from '../src/main/engine/adapters/redis/bullmq-queue';
import { createRedisSignalHistory } from '../src/main/engine/adapters/redis/redis-signal-history';
import { createRedisBreakerStore } from '../src/main/engine/adapters/redis/redis-breaker-store';
import { createRedisKeyValue } from '../src/main/engine/adapters/redis/redis-key-value';
import { createRedisChangeBus } from '../src/main/engine/adapters/redis/redis-change-bus';
import { createMetrics } from '../src/main/engine/adapters/metrics';
import { systemClock } from '../src/main/engine/adapters/system-clock';
import { metricsPipelineEvents } from '../src/main/engine/services/decisions/pipeline-events';
import { LiveEvents, announcing } from '../src/main/engine/services/live-events';
import { composeWorker } from '../src/main/engine/runtime/compose-worker';
import { pipelineSettings } from '../src/main/engine/runtime/pipeline-settings';
import { ENGINE_VERSION } from '../src/main/engine/version';
import { submitLoad } from './http';
import type { BenchCluster } from './production-cluster-run';

/** Wall milliseconds spent inside each method of `target`, summed over every call (concurrent calls add up). */
function timed<T extends object>(target: T, label: string, totals: Map<string, number>): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        const add = () => totals.set(`${label}.${String(prop)}`, (totals.get(`${label}.${String(prop)}`) ?? 0) + performance.now() - t0);
        const result = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (result instanceof Promise) return result.finally(add);
        add();
        return result;
      };
    },
  });
}

/**
 * Wall milliseconds during which at least one call into `target` was pending: the worker asks for a whole batch's
 * signals at once, so summing each call's wait would count the same pipelined wait once per decision.
 */
function timedWall<T extends object>(target: T, label: string, totals: Map<string, number>): T {
  let pending = 0;
  let since = 0;
  const done = () => {
    pending -= 1;
    if (pending === 0) totals.set(label, (totals.get(label) ?? 0) + performance.now() - since);
  };
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (pending === 0) since = performance.now();
        pending += 1;
        const result = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (result instanceof Promise) return result.finally(done);
        done();
        return result;
      };
    },
  });
}

export interface WorkerPhases {
  decisions: number;
  perS: number;
  /**
   * Loop milliseconds per decision in each call. The store (`postgres.*`) and queue (`queue.*`) rows and the judging
   * row add up to loops x wall time; `signals` (wall time with a signal-history call pending, the batch's calls
   * pipelined together) is part of judging.
   */
  msPerDecision: [string, number][];
}

/**
 * The worker of `decisionos worker`, built the same way (composeWorker on the production adapters), run in this
 * process with its store, queue and signal history timed, on a backlog of `n` submissions of the cluster (whose
 * worker processes are stopped first). Says where a worker loop's time goes.
 */
export async function workerPhases(bench: BenchCluster, n: number): Promise<WorkerPhases> {
  const { cluster: c, probe } = bench;
  for (const w of c.workers) {
    w.child.kill('SIGTERM');
    await w.exited;
  }
  await autocannon({ ...submitLoad(c.api), connections: 32, amount: n });
  const open = async () => ((await probe.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM decisions WHERE status IN ('queued', 'processing')`)).rows[0] as { n: number }).n;
  const outboxEmpty = async () => (await probe.db.query('SELECT 1 FROM supervisor_inbox LIMIT 1')).rowCount === 0;
  while (!(await outboxEmpty())) await new Promise((r) => setTimeout(r, 20));

  const config = configFromEnv({}, { workerConcurrency: 2 });
  const redisUrl = c.env.REDIS_URL as string;
  const pool = createPgPool(c.databaseUrl, { max: config.pgPoolSize });
  const api = connectRedis(redisUrl, 'api');
  const work = connectRedis(redisUrl, 'worker');
  const ns = c.redisPrefix;
  const totals = new Map<string, number>();
  await whenReady(api);
  const queue = createBullmqQueue({ connection: work, apiConnection: api, prefix: ns, queueName: 'decisions', leaseMs: config.leaseMs });
  const live = new LiveEvents(systemClock, undefined, createRedisChangeBus(api, ns), () => undefined);
  const worker = composeWorker({
    deps: {
      store: timed(createPostgresStore(pool), 'postgres', totals),
      queue: timed(queue, 'queue', totals),
      clock: systemClock,
      events: announcing(metricsPipelineEvents(createMetrics({ version: ENGINE_VERSION, breakers: [], receivers: [] })), live),
      settings: pipelineSettings(config),
    },
    breakers: createRedisBreakerStore(api, ns),
    kv: createRedisKeyValue(api, ns),
    signalHistory: timedWall(createRedisSignalHistory(api, ns), 'signals: wall time with a signal-history call pending', totals),
    integrations: [],
    owner: `bench-phases:${process.pid}`,
    logger: pino({ level: 'silent' }),
  });
  const t0 = performance.now();
  worker.start();
  while ((await open()) > 0) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  await live.close();
  await queue.close();
  await closeRedis(api);
  await closeRedis(work);
  await pool.end();

  const loopMs = seconds * 1000 * config.workerConcurrency;
  const portMs = [...totals].filter(([name]) => !name.startsWith('signals')).reduce((s, [, ms]) => s + ms, 0);
  const rows: [string, number][] = [...totals].map(([name, ms]) => [name, ms / n]);
  rows.push(['judging: everything outside the store and queue calls (includes the signals wait)', (loopMs - portMs) / n]);
  return { decisions: n, perS: n / seconds, msPerDecision: rows.sort((a, b) => b[1] - a[1]) };
}
