import type { TracingSettings } from './engine-tracing';
import type { ErrorCode } from '../../../shared/errors';
import type { PipelineSettings } from '../services/deps';
import type { PipelineEvents } from '../services/decisions/pipeline-events';
import type { StoreWrites } from '../ports/audit-store';
import type { QueueWrites } from '../ports/job-queue';
import type { KvWrites } from '../ports/key-value';
import type { BreakerStoreWrites } from '../ports/breaker-store';
import type { DatabaseBackupWrites } from '../ports/database-backup';
import type { IntegrationConfig } from '../../../shared/schemas/integrations';

/** Everything the writer thread needs to start, as plain data (it crosses postMessage). */
export interface WriterThreadData {
  dbPath: string;
  owner: string;
  settings: PipelineSettings;
  integrations: IntegrationConfig[];
  logLevel: string;
  production: boolean;
  /** The thread opens its own tracing with these (an exporter cannot cross threads). */
  tracing: TracingSettings;
}

/** The ports whose writes run on the writer thread: a call names the port and one of its Writes methods. */
export interface WriterPorts {
  store: StoreWrites;
  queue: QueueWrites;
  kv: KvWrites;
  breakers: BreakerStoreWrites;
  backup: DatabaseBackupWrites;
}
export type WriteTarget = keyof WriterPorts;

/**
 * A function argument (a progress callback) as data: the writer thread calls a stand-in that posts `callback`
 * messages, and this side calls the real function with their arguments. One function per call.
 */
export const CALLBACK_ARG = { $callback: true } as const;
export const isCallbackArg = (arg: unknown): boolean => typeof arg === 'object' && arg !== null && (arg as { $callback?: unknown }).$callback === true;

export type ToWriter =
  | { t: 'call'; id: number; target: WriteTarget; method: string; args: unknown[] }
  | { t: 'wake' }
  | { t: 'stop' };

/** An error as data: AppError's code survives; anything else arrives as a plain Error with its message. */
export interface WireError {
  name: string;
  message: string;
  code?: ErrorCode;
  details?: unknown;
}

/** One pipeline event as data: the method of PipelineEvents and its arguments. */
export type PipelineEvent = { [K in keyof PipelineEvents]: [K, ...Parameters<PipelineEvents[K]>] }[keyof PipelineEvents];

export type FromWriter =
  | { t: 'ready' }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: WireError }
  | { t: 'callback'; id: number; args: unknown[] }
  | { t: 'events'; events: PipelineEvent[]; busy: number; running: boolean }
  | { t: 'stopped' };
