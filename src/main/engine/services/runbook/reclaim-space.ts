import type { PruneTable, StoreMaintenance } from '../../ports/audit-store';
import { nextBatchSize, type BatchSizing } from '../../domain/batch-sizing';
import { PRUNE_REST_MS, sleep } from './prune-data';

/** Pages per SQLite incremental-vacuum step, sized like prune batches (a page is 4 KiB). */
export const VACUUM_SIZING: BatchSizing = { targetMs: 20, start: 64, min: 16, max: 100_000, growth: 2 };

export interface ReclaimStats {
  /** Pages given back to the file system; null where the backend does not count pages. */
  freedPages: number | null;
  freePagesLeft: number | null;
  steps: number;
  maxStepMs: number;
  /** Why space stays in the file, and what to run instead, when it cannot be given back online. */
  note: string | null;
}

/** Vacuums after pruning: bounded steps until the backend says nothing is left, yielding between them. */
export async function reclaimSpace(store: StoreMaintenance, tables: readonly PruneTable[], sizing: BatchSizing = VACUUM_SIZING): Promise<ReclaimStats> {
  const stats: ReclaimStats = { freedPages: 0, freePagesLeft: null, steps: 0, maxStepMs: 0, note: null };
  let size = sizing.start;
  for (;;) {
    const step = await store.vacuumStep(tables, size);
    stats.steps += 1;
    stats.maxStepMs = Math.max(stats.maxStepMs, step.ms);
    stats.freedPages = step.freedPages === null || stats.freedPages === null ? null : stats.freedPages + step.freedPages;
    stats.freePagesLeft = step.freePagesLeft;
    stats.note = step.note;
    if (step.done) return stats;
    size = nextBatchSize(sizing, size, step.ms);
    await sleep(Math.max(PRUNE_REST_MS, step.ms));
  }
}
