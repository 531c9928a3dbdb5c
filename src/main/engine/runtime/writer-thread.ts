import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../adapters/sqlite/database';
import { createSqliteStore } from '../adapters/sqlite/sqlite-store';
import { createSqliteQueue } from '../adapters/sqlite/sqlite-queue';
import { createSqliteKeyValue } from '../adapters/sqlite/sqlite-key-value';
import { httpIntegrationClient } from '../adapters/http-integration-client';
import { systemClock } from '../adapters/system-clock';
import { createLogger } from '../adapters/logger';
import { PolicyCache } from '../services/policies';
import { Worker } from '../services/worker';
import { createBreakers, integrationBreakerConfigs } from '../services/breaker-admin';
import { IntegrationLookups } from '../services/integrations';
import type { PipelineEvents } from '../services/pipeline-events';
import { SignalEngine } from '../domain/signals';
import type { FromWriter, PipelineEvent, ToWriter, WireError, WriteTarget, WriterThreadData } from './thread-protocol';

/*
 * The writer thread: the only connection that writes, and the worker that judges. The main thread keeps
 * HTTP, validation and reads; this thread does what SQLite serialises anyway, on the second core.
 */
const data = workerData as WriterThreadData;
const port = parentPort;
if (!port) throw new Error('writer-thread.ts runs as a worker thread');

const post = (message: FromWriter) => port.postMessage(message);
const logger = createLogger({ production: data.production, level: data.logLevel });
const db = openDatabase(data.dbPath);
const store = createSqliteStore(db, data.dbPath, { checkpoints: false });
const queue = createSqliteQueue(db);
const kv = createSqliteKeyValue(db);

// Pipeline events go to the main thread's prom-client registry in batches, with the worker's load.
let pending: PipelineEvent[] = [];
const events: PipelineEvents = {
  enqueued: () => pending.push(['enqueued']),
  dequeued: (count) => pending.push(['dequeued', count]),
  decided: (type, status, lagMs, risk) => pending.push(['decided', type, status, lagMs, risk]),
  retried: () => pending.push(['retried']),
  deadLettered: () => pending.push(['deadLettered']),
  reconciled: (count) => pending.push(['reconciled', count]),
  breakerTransition: (integration, from, to) => pending.push(['breakerTransition', integration, from, to]),
  integrationCall: (integration, outcome, seconds) => pending.push(['integrationCall', integration, outcome, seconds]),
};
const deps = { store, queue, clock: systemClock, settings: data.settings, events };
const breakers = createBreakers({ configs: integrationBreakerConfigs(data.integrations), kv, clock: systemClock, audit: store, events, log: logger });
const lookups = data.integrations.length
  ? new IntegrationLookups(data.integrations, breakers, httpIntegrationClient, events.integrationCall)
  : null;
const signals = new SignalEngine({ allowedActions: data.settings.allowedActions });
const worker = new Worker(deps, new PolicyCache(store, systemClock), signals, data.owner, logger, lookups);
const flushEvents = () => {
  const batch = pending;
  pending = [];
  post({ t: 'events', events: batch, busy: worker.busy, running: worker.isRunning });
};
const flusher = setInterval(flushEvents, 100);

function toWire(error: unknown): WireError {
  if (error instanceof AppError) return { name: 'AppError', message: error.message, code: error.code, details: error.details };
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;
const targets: Record<WriteTarget, Methods> = {
  store: store as unknown as Methods,
  queue: queue as unknown as Methods,
  kv: kv as unknown as Methods,
};

port.on('message', async (message: ToWriter) => {
  if (message.t === 'wake') return worker.notify();
  if (message.t === 'stop') {
    await worker.stop();
    clearInterval(flusher);
    flushEvents();
    await store.close();
    post({ t: 'stopped' });
    port.close();
    return;
  }
  const fn = targets[message.target][message.method];
  try {
    if (!fn) throw new Error(`writer thread has no ${message.target}.${message.method}`);
    post({ t: 'reply', id: message.id, ok: true, value: await fn(...message.args) });
  } catch (error) {
    post({ t: 'reply', id: message.id, ok: false, error: toWire(error) });
  }
});

if (data.settings.concurrency > 0) worker.start();
post({ t: 'ready' });
