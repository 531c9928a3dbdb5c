import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../adapters/sqlite/database';
import { createSqliteStore } from '../adapters/sqlite/sqlite-store';
import { createSqliteQueue } from '../adapters/sqlite/sqlite-queue';
import { createSqliteKeyValue } from '../adapters/sqlite/sqlite-key-value';
import { createSqliteBreakerStore } from '../adapters/sqlite/sqlite-breaker-store';
import { systemClock } from '../adapters/system-clock';
import { createLogger } from '../adapters/logger';
import type { PipelineEvents } from '../services/decisions/pipeline-events';
import { composeWorker } from './compose-worker';
import { openTracing } from '../adapters/otel/otel-tracing';
import { exportErrorReporter } from './engine-tracing';
import { ENGINE_VERSION } from '../version';
import { watchWorkerRestarts } from './worker-restarts';
import { sqliteBackupWrites } from '../adapters/sqlite/sqlite-backup';
import { isCallbackArg, type FromWriter, type PipelineEvent, type ToWriter, type WireError, type WriterPorts, type WriterThreadData } from './thread-protocol';

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
const breakers = createSqliteBreakerStore(db);

// Pipeline events go to the main thread's prom-client registry in batches, with the worker's load.
let pending: PipelineEvent[] = [];
const events = new Proxy({} as PipelineEvents, {
  get: (_target, name) => (...args: unknown[]) => pending.push([name, ...args] as PipelineEvent),
});
const tracing = openTracing({ ...data.tracing, version: ENGINE_VERSION, onExportError: exportErrorReporter(data.tracing, logger) });
const worker = composeWorker({
  deps: { store, queue, clock: systemClock, settings: data.settings, events, tracing: tracing.tracing },
  breakers,
  kv,
  integrations: data.integrations,
  owner: data.owner,
  logger,
});
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

/** What the main thread may call here: the ports' writes, typed as such. */
const writes: WriterPorts = { store, queue, kv, breakers, backup: sqliteBackupWrites(db) };

port.on('message', async (message: ToWriter) => {
  if (message.t === 'wake') return worker.notify();
  if (message.t === 'stop') {
    await (await watching)();
    await worker.stop();
    await tracing.close();
    clearInterval(flusher);
    flushEvents();
    await store.close();
    post({ t: 'stopped' });
    port.close();
    return;
  }
  const fn = (writes[message.target] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[message.method];
  try {
    if (typeof fn !== 'function') throw new Error(`writer thread has no ${message.target}.${message.method}`);
    const id = message.id;
    const args = message.args.map((arg) => (isCallbackArg(arg) ? (...values: unknown[]) => post({ t: 'callback', id, args: values }) : arg));
    post({ t: 'reply', id, ok: true, value: await fn(...args) });
  } catch (error) {
    post({ t: 'reply', id: message.id, ok: false, error: toWire(error) });
  }
});

if (data.settings.concurrency > 0) worker.start();
// Not awaited (no top-level await in the thread's bundle): the watch reads its starting point meanwhile.
const watching = data.settings.concurrency > 0 ? watchWorkerRestarts({ worker, kv, owner: data.owner, logger }) : Promise.resolve(async () => undefined);
post({ t: 'ready' });
