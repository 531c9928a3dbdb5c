import type { Logger } from 'pino';
import type { EngineConfig } from '../config';
import type { AuditStore } from '../ports/audit-store';
import type { JobQueue } from '../ports/job-queue';
import type { KeyValue } from '../ports/key-value';
import type { BreakerStore } from '../ports/breaker-store';
import type { RateLimiter } from '../ports/rate-limiter';
import type { DatabaseBackup } from '../ports/database-backup';
import type { ChangeBus } from '../ports/change-bus';
import type { WorkerRegistry } from '../ports/worker-registry';
import type { Clock } from '../ports/clock';
import type { Tracing } from '../ports/tracing';
import type { IntegrationClient } from '../ports/integration-client';
import type { Ready } from '../../../shared/schemas/system';
import type { AppError } from '../../../shared/errors';
import type { PipelineSettings } from '../services/deps';
import type { PipelineEvents } from '../services/decisions/pipeline-events';
import type { SignalSource } from '../services/decisions/worker';
import type { AlertLeadership } from '../services/alerting/telemetry';
import type { WorkerHandle } from './writer-thread-client';
import type { DisposeStack } from './dispose-stack';

/** What the composition needs to start a worker, whichever backends run it. */
export interface WorkerStart {
  owner: string;
  settings: PipelineSettings;
  events: PipelineEvents;
  clock: Clock;
  logger: Logger;
  signals?: SignalSource;
  integrationClient?: IntegrationClient;
  /** A fake clock or injected sources cannot cross into a thread: the worker then runs on the engine's thread. */
  mustRunInline: boolean;
}

export interface RunningWorker {
  worker: WorkerHandle;
  /** The ports the rest of the engine uses from now on (the embedded writer thread routes writes to itself). */
  store: AuditStore;
  queue: JobQueue;
  kv: KeyValue;
  breakers: BreakerStore;
  /** Backups of the store's database, taken on the connection that writes it. */
  backup: DatabaseBackup;
  /** How /ready describes where the worker runs. */
  where: string;
}

/**
 * The storage and coordination an engine runs on: the embedded SQLite file, or Postgres + Redis (production mode).
 * Everything a backend opens is registered on the engine's dispose stack.
 */
export interface Backends {
  mode: 'embedded' | 'production';
  /** The store for start-up writes (admin key, default policies), before any worker runs. */
  store: AuditStore;
  queue: JobQueue;
  kv: KeyValue;
  rateLimiter: RateLimiter;
  /** Production: live events reach every process through it. */
  bus: ChangeBus | null;
  /** The worker processes alive now (each beats into it); /ready and /api/queue list them. */
  workers: WorkerRegistry;
  /** Production: only one process evaluates alerts and notifies. */
  alertLeadership: AlertLeadership | null;
  /** Starts the worker (or none, with concurrency 0) and returns the ports to use from then on. */
  startWorker(start: WorkerStart): Promise<RunningWorker>;
  /** A submission was committed: wakes what moves it along (the outbox relay). */
  submitted(): void;
  /** The backends' own /ready checks. */
  readiness(): Promise<Ready['checks']>;
  /** An error that means a backend is down, as the 503 the caller gets; null for any other error. */
  unavailable(error: unknown): AppError | null;
}

/** `tracing`: this process's (the outbox relay and an inline worker make spans with it; a writer thread opens its own). */
export type OpenBackends = (config: EngineConfig, resources: DisposeStack, logger: Logger, clock: Clock, tracing: Tracing) => Promise<Backends>;
