import os from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../ports/clock';
import type { WorkerRegistry } from '../ports/worker-registry';

/** A worker beats every third of this; /ready and /api/queue list it while its last beat is younger. */
export const WORKER_BEAT_TTL_MS = 15_000;

/** Beats into the registry now and every third of the TTL; returns the stop function. */
export async function startWorkerHeartbeat(
  registry: WorkerRegistry,
  worker: { owner: string; concurrency: number },
  clock: Clock,
  logger: Pick<Logger, 'warn'>,
): Promise<() => void> {
  const info = { ...worker, host: os.hostname(), pid: process.pid, startedAt: clock.now() };
  const beat = () => registry.beat(info).catch((error: unknown) => logger.warn({ err: error }, 'worker heartbeat failed'));
  await beat();
  const timer = setInterval(beat, WORKER_BEAT_TTL_MS / 3);
  timer.unref();
  return () => clearInterval(timer);
}
