import type { ErrorCode } from '../../../shared/errors';
import type { PipelineSettings } from '../services/deps';
import type { IntegrationConfig } from '../../../shared/schemas/integrations';

/** Everything the writer thread needs to start, as plain data (it crosses postMessage). */
export interface WriterThreadData {
  dbPath: string;
  owner: string;
  settings: PipelineSettings;
  integrations: IntegrationConfig[];
  logLevel: string;
  production: boolean;
}

export type WriteTarget = 'store' | 'queue' | 'kv';

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

export type PipelineEvent =
  | ['enqueued']
  | ['dequeued', number]
  | ['decided', string, string, number | null, number | null]
  | ['retried']
  | ['deadLettered']
  | ['reconciled', number]
  | ['breakerTransition', string, string, string]
  | ['integrationCall', string, string, number];

export type FromWriter =
  | { t: 'ready' }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: WireError }
  | { t: 'events'; events: PipelineEvent[]; busy: number; running: boolean }
  | { t: 'stopped' };
