import path from 'node:path';
import type { JobQueue } from '../ports/job-queue';
import type { AuditStore } from '../ports/audit-store';
import type { KeyValue } from '../ports/key-value';
import type { BreakerStore } from '../ports/breaker-store';
import { createSqliteBreakerStore } from '../adapters/sqlite/sqlite-breaker-store';
import type { WorkerHandle } from './writer-thread-client';
import type { Backends, OpenBackends } from './backends';
import { openDatabase } from '../adapters/sqlite/database';
import { createSqliteStore } from '../adapters/sqlite/sqlite-store';
import { createSqliteQueue } from '../adapters/sqlite/sqlite-queue';
import { createSqliteKeyValue } from '../adapters/sqlite/sqlite-key-value';
import { RATE_LIMIT_FILE, openSqliteRateLimiter } from '../adapters/sqlite/sqlite-rate-limiter';
import { lockDataDir } from '../adapters/data-dir-lock';
import { ensurePrivateDir } from '../adapters/private-files';
import { composeWorker } from './compose-worker';
import { tracingSettings } from './engine-tracing';
import { watchWorkerRestarts } from './worker-restarts';
import { routedPort } from './routed-port';
import { sqliteBackupReads, sqliteBackupWrites } from '../adapters/sqlite/sqlite-backup';
import { startWriterThread } from './writer-thread-client';
import { WORKER_BEAT_TTL_MS, startWorkerHeartbeat } from './worker-heartbeat';
import { createMemoryWorkerRegistry } from '../adapters/memory-worker-registry';

export const DATABASE_FILE = 'decisionos.sqlite';

/**
 * One SQLite file in the data dir, held by this process alone (the data-dir lock): the store, the queue in the
 * same file (a submission and its job commit in one transaction) and the shared key-value state. The worker runs
 * on a writer thread unless it must run inline.
 */
export const openEmbeddedBackends: OpenBackends = async (config, resources, logger, clock, tracing) => {
  ensurePrivateDir(config.dataDir);
  resources.defer('the data-dir lock', lockDataDir(config.dataDir));
  const dbPath = path.join(config.dataDir, DATABASE_FILE);
  const db = openDatabase(dbPath);
  const store = createSqliteStore(db, dbPath);
  resources.defer('the database', () => store.close());
  const queue = createSqliteQueue(db);
  const kv = createSqliteKeyValue(db);
  const breakers = createSqliteBreakerStore(db);
  // Budgets live in a file every process on this data dir opens, so a restart or a second process cannot reset them.
  const rateLimiter = await openSqliteRateLimiter(path.join(config.dataDir, RATE_LIMIT_FILE), { points: config.rateLimitPerMinute, durationSeconds: 60 });
  resources.defer('the rate-limit store', () => rateLimiter.close());

  const workers = createMemoryWorkerRegistry(clock, WORKER_BEAT_TTL_MS);
  /** The engine's own worker is the one worker process there is. */
  const beat = async (owner: string) => {
    if (config.workerConcurrency > 0) resources.defer('the worker heartbeat', await startWorkerHeartbeat(workers, { owner, concurrency: config.workerConcurrency }, clock, logger));
  };

  const backends: Backends = {
    mode: 'embedded',
    workers,
    store,
    queue,
    kv,
    rateLimiter,
    bus: null,
    alertLeadership: null,
    async startWorker(start) {
      // No other process can hold a lease on this file (we hold the data-dir lock): a previous run's come back.
      const recovered = await queue.recoverLeases(start.owner);
      if (recovered > 0) logger.warn({ recovered }, 'returned jobs leased by a previous run to the queue');
      if (!config.workerThread || start.mustRunInline) {
        const inline = composeWorker({
          deps: { store, queue, clock: start.clock, events: start.events, settings: start.settings, tracing },
          breakers,
          kv,
          integrations: config.integrations,
          owner: start.owner,
          logger,
          signals: start.signals,
          integrationClient: start.integrationClient,
        });
        if (config.workerConcurrency > 0) inline.start();
        resources.defer('the worker', () => inline.stop());
        if (config.workerConcurrency > 0) resources.defer('the restart watch', await watchWorkerRestarts({ worker: inline, kv, owner: start.owner, logger }));
        await beat(start.owner);
        return { worker: inline, store, queue, kv, breakers, backup: { ...sqliteBackupReads(), ...sqliteBackupWrites(db) }, where: '' };
      }
      const writer = await startWriterThread(
        { dbPath, owner: start.owner, settings: start.settings, integrations: config.integrations, logLevel: config.logLevel, production: config.production, tracing: tracingSettings(config) },
        db,
        start.events,
      );
      resources.defer('the writer thread', () => writer.stop());
      await beat(start.owner);
      const ports: { worker: WorkerHandle; store: AuditStore; queue: JobQueue; kv: KeyValue; breakers: BreakerStore } = writer;
      return { ...ports, backup: routedPort(sqliteBackupReads(), writer.backup), where: ' on the writer thread' };
    },
    submitted: () => undefined,
    readiness: async () => ({}),
    unavailable: () => null, // a file on this machine: its failures are errors, not outages
  };
  return backends;
};
