import { configFromEnv } from '../config';
import { startWorkerProcess } from '../runtime/worker-process';
import { stopWithin10s, waitForStopSignal } from './serve-command';

export interface WorkerOptions {
  concurrency?: number;
  allowEvictingRedis?: boolean;
}

/** `decisionos worker`: judges from the shared queue until SIGINT/SIGTERM, then finishes its batches (10 s at most). */
export async function workerCommand(o: WorkerOptions): Promise<number> {
  const config = configFromEnv(process.env, { workerConcurrency: o.concurrency, allowEvictingRedis: o.allowEvictingRedis });
  const worker = await startWorkerProcess(config);
  worker.logger.info({ owner: worker.owner, concurrency: config.workerConcurrency }, 'DecisionOS worker started');
  process.stderr.write(`DecisionOS worker ${worker.owner} is judging (${config.workerConcurrency} loop(s)); Ctrl-C stops it\n`);
  await waitForStopSignal();
  await stopWithin10s(worker, 'stopping: no new claims, finishing the batches in hand', 'stop took longer than 10 s; exiting (unfinished jobs return to the queue when their leases expire)');
  process.stderr.write('DecisionOS worker stopped cleanly.\n');
  return 0;
}
