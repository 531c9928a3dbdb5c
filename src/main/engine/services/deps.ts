import type { AuditStore } from '../ports/audit-store';
import type { JobQueue } from '../ports/job-queue';
import type { Clock } from '../ports/clock';
import type { Tracing } from '../ports/tracing';
import type { PipelineEvents } from './decisions/pipeline-events';

export interface PipelineSettings {
  idempotencyTtlMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  pollIntervalMs: number;
  allowedActions: string[];
  /** The size cap of an integration's answer unless it sets its own. */
  outboundMaxResponseBytes: number;
  /** The size cap of the signals kept per decision (JSON bytes). */
  maxSignalsBytes: number;
}

/** What every service is built from: ports, the clock, settings and where pipeline events go. No adapters. */
export interface ServiceDeps {
  store: AuditStore;
  queue: JobQueue;
  clock: Clock;
  settings: PipelineSettings;
  events: PipelineEvents;
  /** A decision's spans (submit, enqueue, claim, signals, integration calls, policy, write); the no-op when tracing is off. */
  tracing: Tracing;
}
