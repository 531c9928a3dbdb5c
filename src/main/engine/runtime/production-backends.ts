import os from 'node:os';
import { AppError } from '../../../shared/errors';
import { ConfigError } from '../config-error';
import type { Ready } from '../../../shared/schemas/system';
import type { Backends, OpenBackends } from './backends';
import { createPgPool } from '../adapters/postgres/pg-pool';
import { requireCurrentPgSchema } from '../adapters/postgres/pg-migrate';
import { createPostgresStore } from '../adapters/postgres/pg-store';
import { createPgBackup } from '../adapters/postgres/pg-backup';
import { closeRedis, connectRedis, whenReady } from '../adapters/redis/redis-connections';
import { readMaxmemoryPolicy } from '../adapters/redis/redis-config';
import { createRedisKeyValue } from '../adapters/redis/redis-key-value';
import { createRedisBreakerStore } from '../adapters/redis/redis-breaker-store';
import { createRedisSignalHistory } from '../adapters/redis/redis-signal-history';
import { createRedisRateLimiter } from '../adapters/redis/redis-rate-limiter';
import { createRedisChangeBus } from '../adapters/redis/redis-change-bus';
import { createBullmqQueue } from '../adapters/redis/bullmq-queue';
import { createRedisWorkerRegistry } from '../adapters/redis/redis-worker-registry';
import { unreachableBackend } from '../adapters/unreachable-backend';
import { evictionProblem } from '../domain/redis-eviction';
import { redactUrl } from '../domain/redact-url';
import { createKvLock } from '../services/runbook/kv-lock';
import { OutboxRelay } from '../services/decisions/outbox-relay';
import { composeWorker } from './compose-worker';
import { watchWorkerRestarts } from './worker-restarts';
import { WORKER_BEAT_TTL_MS, startWorkerHeartbeat } from './worker-heartbeat';

const QUEUE_NAME = 'decisions';
/** An outbox older than this fails /ready: the relay is not keeping up (or Redis is down). */
const OUTBOX_STALE_MS = 30_000;
const ALERT_LEASE_MS = 60_000;


/**
 * Postgres (the audit store, with its outbox) and Redis (the BullMQ queue, key-value state, rate limits, live events,
 * the alert lead and the worker registry), shared by every process of a deployment. Refuses to start on a database
 * whose schema is not this build's, or on an evicting Redis unless allowed.
 */
export const openProductionBackends: OpenBackends = async (config, resources, logger, clock, tracing) => {
  const databaseUrl = config.databaseUrl as string;
  const redisUrl = config.redisUrl as string;
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const pool = createPgPool(databaseUrl, { max: config.pgPoolSize }, (error) => logger.warn({ err: error }, 'Postgres: an idle connection failed'));
  resources.defer('the Postgres pool', () => pool.end());
  try {
    await requireCurrentPgSchema(pool);
  } catch (error) {
    if (unreachableBackend(error)) throw new ConfigError(`Postgres at ${redactUrl(databaseUrl)} is not reachable: ${(error as Error).message}`);
    throw new ConfigError((error as Error).message);
  }

  const api = connectRedis(redisUrl, 'api');
  resources.defer('the Redis connection', () => closeRedis(api));
  const work = connectRedis(redisUrl, 'worker');
  resources.defer('the Redis worker connection', () => closeRedis(work));
  try {
    await whenReady(api, 5_000);
  } catch (error) {
    throw new ConfigError(`Redis at ${redactUrl(redisUrl)} is not reachable: ${(error as Error).message}`);
  }
  const eviction = evictionProblem(await readMaxmemoryPolicy(api));
  if (eviction && !config.allowEvictingRedis) throw new ConfigError(eviction);
  if (eviction) logger.warn({ problem: eviction }, 'starting on an evicting Redis (--allow-evicting-redis)');

  const ns = config.redisPrefix;
  const store = createPostgresStore(pool);
  const queue = createBullmqQueue({ connection: work, apiConnection: api, prefix: ns, queueName: QUEUE_NAME, leaseMs: config.leaseMs, onError: (error) => logger.warn({ err: error }, 'BullMQ background check failed') });
  resources.defer('the queue', () => queue.close());
  const kv = createRedisKeyValue(api, ns);
  const breakers = createRedisBreakerStore(api, ns);
  const signalHistory = createRedisSignalHistory(api, ns);
  const rateLimiter = createRedisRateLimiter(api, { namespace: ns, points: config.rateLimitPerMinute, durationSeconds: 60 });
  const bus = createRedisChangeBus(api, ns);
  const lock = createKvLock(kv, clock);
  const workers = createRedisWorkerRegistry(api, ns, clock, WORKER_BEAT_TTL_MS);
  const relay = new OutboxRelay(store, queue, logger, undefined, tracing);
  resources.defer('the outbox relay', relay.start());

  const readiness = async (): Promise<Ready['checks']> => {
    const checks: Ready['checks'] = {};
    try {
      await api.ping();
      checks.redis = { ok: true, detail: redactUrl(redisUrl) };
    } catch (error) {
      checks.redis = { ok: false, detail: `${redactUrl(redisUrl)}: ${(error as Error).message}` };
    }
    checks.redis_eviction = eviction
      ? { ok: !!config.allowEvictingRedis, detail: `${eviction}${config.allowEvictingRedis ? ' (allowed by --allow-evicting-redis)' : ''}` }
      : { ok: true, detail: 'maxmemory-policy noeviction' };
    try {
      const backlog = await store.outboxBacklog();
      const age = backlog.oldestAt === null ? 0 : clock.now() - backlog.oldestAt;
      checks.outbox = {
        ok: age < OUTBOX_STALE_MS,
        detail: `${backlog.count} job(s) not yet on the queue${backlog.count ? `, oldest ${Math.round(age / 1000)} s` : ''}${relay.status.lastError ? `; relay: ${relay.status.lastError}` : ''}`,
      };
    } catch (error) {
      checks.outbox = { ok: false, detail: (error as Error).message };
    }
    try {
      const live = await workers.list();
      checks.workers = { ok: live.length > 0, detail: live.length ? `${live.length} live worker process(es): ${live.map((w) => `${w.host}:${w.pid}`).join(', ')}` : 'no live worker: submissions are accepted but nothing judges them' };
    } catch (error) {
      checks.workers = { ok: false, detail: (error as Error).message };
    }
    return checks;
  };

  const backends: Backends = {
    mode: 'production',
    store,
    queue,
    kv,
    rateLimiter,
    bus,
    alertLeadership: () => lock.acquire('alert-engine', `${os.hostname()}:${process.pid}`, ALERT_LEASE_MS),
    workers,
    async startWorker(start) {
      const worker = composeWorker({
        deps: { store, queue, clock: start.clock, events: start.events, settings: start.settings, tracing },
        breakers,
        kv,
        signalHistory,
        integrations: config.integrations,
        owner: start.owner,
        logger,
        signals: start.signals,
        integrationClient: start.integrationClient,
      });
      resources.defer('the worker', () => worker.stop());
      if (config.workerConcurrency > 0) {
        worker.start();
        resources.defer('the restart watch', await watchWorkerRestarts({ worker, kv, owner: start.owner, logger }));
        resources.defer('the worker heartbeat', await startWorkerHeartbeat(workers, { owner: start.owner, concurrency: config.workerConcurrency }, clock, logger));
      }
      return { worker, store, queue, kv, breakers, backup: createPgBackup(databaseUrl), where: ` in process ${process.pid}` };
    },
    submitted: () => relay.notify(),
    readiness,
    unavailable(error) {
      const which = unreachableBackend(error, redisPort);
      if (!which) return null;
      // Not "nothing was done": a COMMIT whose answer was cut off may have been applied (the outage tests see it).
      const retry = 'resend a submission with the same client_request_id and it is kept once';
      return new AppError('unavailable', `${which} is unreachable; retry shortly (${retry})`, { retry_after_s: 1 });
    },
  };
  return backends;
};
