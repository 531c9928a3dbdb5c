import type { Logger } from 'pino';
import type { KeyValue } from '../ports/key-value';
import { recordWorkerRestarted, restartRequest } from '../services/runbook/worker-restart';

/** How often a worker looks for a restart request: the restart-worker action waits about this long at least. */
export const RESTART_POLL_MS = 500;

/**
 * Restarts `worker` whenever restart-worker asks (a newer generation of the request in the shared KeyValue than
 * the one seen at start): it stops claiming, finishes and acks the batches in hand (Worker.stop), starts its loops
 * again and records that it did. Returns the function that ends the watch (waiting for a restart under way).
 */
export async function watchWorkerRestarts(o: {
  worker: { stop(): Promise<void>; start(): void };
  kv: KeyValue;
  owner: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
}): Promise<() => Promise<void>> {
  let seen = (await restartRequest(o.kv).catch(() => null))?.generation ?? 0;
  let inFlight: Promise<void> | null = null;
  const tick = async () => {
    const request = await restartRequest(o.kv);
    if (!request || request.generation <= seen) return;
    seen = request.generation;
    if (!request.owners.includes(o.owner)) return;
    o.logger.info({ by: request.by, reason: request.reason, generation: request.generation }, 'restart-worker: stopping the worker (batches in hand finish first)');
    await o.worker.stop();
    o.worker.start();
    await recordWorkerRestarted(o.kv, o.owner, request.generation);
    o.logger.info({ generation: request.generation }, 'restart-worker: the worker claims again');
  };
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = tick()
      .catch((error: unknown) => o.logger.warn({ err: error }, 'restart-worker: reading or answering the restart request failed'))
      .finally(() => (inFlight = null));
  }, o.intervalMs ?? RESTART_POLL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}
