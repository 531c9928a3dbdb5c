import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueuedJob } from '../src/main/engine/ports/job-queue';
import { createBullmqQueue } from '../src/main/engine/adapters/redis/bullmq-queue';
import { connectRedis, closeRedis, whenReady } from '../src/main/engine/adapters/redis/redis-connections';
import { payment } from './lib';

/** A job as the outbox relay puts it on the queue (same fields and sizes as a payment decision's). */
export function queuedJob(i: number, runId: string): QueuedJob {
  const p = payment(i);
  const now = Date.now();
  return {
    jobId: `dec_${runId}_${i}`,
    decisionId: `dec_${runId}_${i}`,
    workspaceId: 'default',
    taskId: p.task_id,
    priority: 0,
    runAt: now,
    decisionType: p.decision_type,
    inputs: p.inputs,
    sourceEventTs: null,
    enqueuedAt: now,
  };
}

/** Waits until `done()` says true, polling every 5 ms; returns the seconds since `t0`. */
async function until(done: () => boolean, t0: number, timeoutMs = 120_000): Promise<number> {
  while (!done()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('raw queue benchmark did not finish in time');
    await new Promise((r) => setTimeout(r, 5));
  }
  return (performance.now() - t0) / 1000;
}

/**
 * Plain BullMQ, none of our code: `jobs` jobs shaped as ours (job id, priority, removeOnComplete) are added first,
 * then one Worker with a processor that does nothing drains them with `concurrency` jobs in flight. Jobs per second.
 */
export async function rawBullmqNoop(redisUrl: string, jobs: number, concurrency: number): Promise<number> {
  const prefix = `bench-raw-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection, prefix, defaultJobOptions: { removeOnComplete: true } });
  const runId = randomUUID().slice(0, 8);
  for (let from = 0; from < jobs; from += 1_000) {
    const chunk = Array.from({ length: Math.min(1_000, jobs - from) }, (_, k) => queuedJob(from + k, runId));
    await queue.addBulk(chunk.map((j) => ({ name: 'decision', data: j, opts: { jobId: j.jobId, priority: 1_000_000 } })));
  }
  let completed = 0;
  const t0 = performance.now();
  const worker = new Worker('noop', async () => undefined, { connection: workerConnection, prefix, concurrency });
  worker.on('completed', () => (completed += 1));
  const seconds = await until(() => completed >= jobs, t0);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  // BullMQ leaves connections it was given open.
  workerConnection.disconnect();
  connection.disconnect();
  return jobs / seconds;
}

/**
 * The same drain through our adapter (bullmq-queue.ts), as a worker process uses it: `loops` loops each claim up to
 * `batch` jobs and ack them, judging nothing. Jobs per second.
 */
export async function adapterNoop(redisUrl: string, jobs: number, loops: number, batch: number): Promise<number> {
  const prefix = `bench-adapter-${randomUUID().slice(0, 8)}`;
  const connection = connectRedis(redisUrl, 'worker');
  const apiConnection = connectRedis(redisUrl, 'api');
  await whenReady(apiConnection);
  const queue = createBullmqQueue({ connection, apiConnection, prefix, queueName: 'decisions', leaseMs: 30_000 });
  const runId = randomUUID().slice(0, 8);
  for (let from = 0; from < jobs; from += 1_000) {
    await queue.enqueue(Array.from({ length: Math.min(1_000, jobs - from) }, (_, k) => queuedJob(from + k, runId)));
  }
  let acked = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (acked < jobs) {
        const items = await queue.claim(`bench-${loop}`, batch, 30_000, Date.now());
        if (items.length === 0) continue;
        await queue.ack(items.map((i) => i.jobId));
        acked += items.length;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await queue.close();
  const cleanup = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const leftover = new Queue('decisions', { connection: cleanup, prefix });
  await leftover.obliterate({ force: true });
  await leftover.close();
  cleanup.disconnect();
  await closeRedis(connection);
  await closeRedis(apiConnection);
  return jobs / seconds;
}
