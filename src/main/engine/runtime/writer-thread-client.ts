import { Worker as Thread } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { AuditStore } from '../ports/audit-store';
import type { JobQueue } from '../ports/job-queue';
import type { KeyValue } from '../ports/key-value';
import type { PipelineEvents } from '../services/pipeline-events';
import type { FromWriter, ToWriter, WireError, WriteTarget, WriterThreadData } from './thread-protocol';
import { KV_WRITES, QUEUE_WRITES, STORE_WRITES } from './write-methods';

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

/** Starts the writer thread and returns ports that route each write to it. */
export async function startWriterThread(
  data: WriterThreadData,
  reads: { store: AuditStore; queue: JobQueue; kv: KeyValue },
  events: PipelineEvents,
  /** The thread's entry: the tsx bootstrap when running from sources, the built writer-thread.js in Electron. */
  entry: URL = new URL('./writer-thread-bootstrap.js', import.meta.url),
): Promise<WriterThread> {
  const thread = new Thread(entry, { workerData: data });
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
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
      case 'events':
        busy = message.busy;
        running = message.running;
        for (const e of message.events) {
          if (e[0] === 'enqueued') events.enqueued();
          else if (e[0] === 'dequeued') events.dequeued(e[1]);
          else if (e[0] === 'decided') events.decided(e[1], e[2], e[3], e[4]);
          else if (e[0] === 'retried') events.retried();
          else if (e[0] === 'deadLettered') events.deadLettered();
          else if (e[0] === 'reconciled') events.reconciled(e[1]);
          else if (e[0] === 'breakerTransition') events.breakerTransition(e[1], e[2], e[3]);
          else events.integrationCall(e[1], e[2], e[3]);
        }
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
      calls.set(id, { resolve, reject });
      send({ t: 'call', id, target, method, args });
    });

  const store = { ...reads.store } as Record<string, unknown>;
  for (const method of STORE_WRITES) store[method] = remote('store', method);
  const queue = { ...reads.queue } as Record<string, unknown>;
  for (const method of QUEUE_WRITES) queue[method] = remote('queue', method);
  const kv = { ...reads.kv } as Record<string, unknown>;
  for (const method of KV_WRITES) kv[method] = remote('kv', method);

  const stop = async () => {
    if (exited) return;
    const done = new Promise<void>((resolve) => (stopped = resolve));
    send({ t: 'stop' });
    await done;
  };

  return {
    store: store as unknown as AuditStore,
    queue: queue as unknown as JobQueue,
    kv: kv as unknown as KeyValue,
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
