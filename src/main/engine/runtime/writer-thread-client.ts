import { Worker as Thread } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { AuditStore } from '../ports/audit-store';
import type { JobQueue } from '../ports/job-queue';
import type { KeyValue } from '../ports/key-value';
import type { BreakerStore } from '../ports/breaker-store';
import type { Db } from '../adapters/sqlite/database';
import { sqliteStoreReads } from '../adapters/sqlite/sqlite-store';
import { sqliteQueueReads } from '../adapters/sqlite/sqlite-queue';
import { sqliteKvReads } from '../adapters/sqlite/sqlite-key-value';
import { sqliteBreakerReads } from '../adapters/sqlite/sqlite-breaker-store';
import type { PipelineEvents } from '../services/decisions/pipeline-events';
import type { DatabaseBackupWrites } from '../ports/database-backup';
import { CALLBACK_ARG, type FromWriter, type ToWriter, type WireError, type WriteTarget, type WriterPorts, type WriterThreadData } from './thread-protocol';
import { remotePort, routedPort } from './routed-port';

export interface WorkerHandle {
  notify(): void;
  readonly busy: number;
  readonly isRunning: boolean;
  stop(): Promise<void>;
}

export interface WriterThread {
  /** Reads on this thread's connection, writes in the writer thread. */
  store: AuditStore;
  queue: JobQueue;
  kv: KeyValue;
  breakers: BreakerStore;
  /** Backups and restores run on the writing connection (see DatabaseBackup). */
  backup: DatabaseBackupWrites;
  worker: WorkerHandle;
  /** Stops the worker, closes the writer's connection and ends the thread. */
  stop(): Promise<void>;
}

function fromWire(error: WireError): Error {
  if (error.code) return new AppError(error.code, error.message, error.details);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

/**
 * Compiled (dist/engine, the Electron build's out/main), the thread's entry is the writer-thread.js built beside
 * this bundle. From TypeScript sources (tests, bench), a bootstrap registers tsx in the thread first.
 */
function writerThreadEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./writer-thread-bootstrap.js', import.meta.url)
    : new URL('./writer-thread.js', import.meta.url);
}

/** Starts the writer thread and returns ports that route each write to it. */
export async function startWriterThread(
  data: WriterThreadData,
  /** This thread's connection: the routed ports read through it (reads only: nothing here can write). */
  readDb: Db,
  events: PipelineEvents,
): Promise<WriterThread> {
  const thread = new Thread(writerThreadEntry(), { workerData: data });
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; callback?: (...args: unknown[]) => void }>();
  let nextId = 1;
  let busy = 0;
  let running = data.settings.concurrency > 0;
  let stopped: (() => void) | null = null;
  let exited = false;
  let ready: () => void;
  let failed: (e: unknown) => void;
  const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));

  thread.on('message', (message: FromWriter) => {
    switch (message.t) {
      case 'ready':
        return ready();
      case 'reply': {
        const call = calls.get(message.id);
        calls.delete(message.id);
        if (!call) return;
        if (message.ok) call.resolve(message.value);
        else call.reject(fromWire(message.error));
        return;
      }
      case 'callback':
        calls.get(message.id)?.callback?.(...message.args);
        return;
      case 'events':
        busy = message.busy;
        running = message.running;
        for (const [name, ...args] of message.events) (events[name] as (...a: unknown[]) => void)(...args);
        return;
      case 'stopped':
        running = false;
        stopped?.();
        return;
    }
  });
  thread.on('error', (error) => {
    failed(error);
    for (const call of calls.values()) call.reject(error);
    calls.clear();
  });
  thread.on('exit', () => {
    exited = true;
    running = false;
    const error = new Error('the writer thread has exited');
    for (const call of calls.values()) call.reject(error);
    calls.clear();
    stopped?.();
  });
  await started;

  const send = (message: ToWriter) => thread.postMessage(message);
  // One wake per event-loop turn is enough however many submissions the turn accepted.
  let wakePending = false;
  const wake = () => {
    if (wakePending) return;
    wakePending = true;
    setImmediate(() => {
      wakePending = false;
      if (!exited) send({ t: 'wake' });
    });
  };
  const remote = (target: WriteTarget, method: string) => (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('the writer thread has exited'));
      const id = nextId++;
      const callback = args.find((arg) => typeof arg === 'function') as ((...a: unknown[]) => void) | undefined;
      calls.set(id, { resolve, reject, callback });
      send({ t: 'call', id, target, method, args: args.map((arg) => (typeof arg === 'function' ? CALLBACK_ARG : arg)) });
    });

  const writes = <T extends WriteTarget>(target: T) => remotePort<WriterPorts[T]>((method, args) => remote(target, method)(...args));

  const stop = async () => {
    if (exited) return;
    const done = new Promise<void>((resolve) => (stopped = resolve));
    send({ t: 'stop' });
    await done;
  };

  return {
    store: routedPort(sqliteStoreReads(readDb, data.dbPath), writes('store')),
    queue: routedPort(sqliteQueueReads(readDb), writes('queue')),
    kv: routedPort(sqliteKvReads(readDb), writes('kv')),
    breakers: routedPort(sqliteBreakerReads(readDb), writes('breakers')),
    backup: writes('backup'),
    worker: {
      notify: wake,
      get busy() {
        return busy;
      },
      get isRunning() {
        return running;
      },
      stop,
    },
    stop,
  };
}
