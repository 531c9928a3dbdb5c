import type { Clock } from '../ports/clock';
import type { LiveWorker, WorkerRegistry } from '../ports/worker-registry';

/** The registry of the embedded mode: the one process's own workers, kept in memory. */
export function createMemoryWorkerRegistry(clock: Clock, ttlMs: number): WorkerRegistry {
  const workers = new Map<string, LiveWorker>();
  return {
    async beat(info) {
      workers.set(info.owner, { ...info, lastBeatAt: clock.now() });
    },
    async list() {
      const cutoff = clock.now() - ttlMs;
      for (const [owner, w] of workers) if (w.lastBeatAt <= cutoff) workers.delete(owner);
      return [...workers.values()].sort((a, b) => a.owner.localeCompare(b.owner));
    },
  };
}
