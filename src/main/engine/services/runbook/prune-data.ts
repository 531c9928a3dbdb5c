import { PRUNE_ORDER, type PruneCounts, type PruneScope, type StoreMaintenance } from '../../ports/audit-store';
import { nextBatchSize, type BatchSizing } from '../../domain/batch-sizing';

/** A pause between two batches (a timer: lets the event loop, and the writer thread, serve others meanwhile). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Each batch aims at 5 ms holding the write lock, a tenth of the 50 ms budget: a submission that arrives while a
 * batch runs waits for the rest of it, so the batch length is what submissions see added to their p99, and a batch
 * on a busy machine takes several times what the last one did (up to 400 ms measured with 13 runnable threads on
 * 2 cores). Nothing can stop a statement part way, so the target is what keeps the longest batch short.
 */
export const PRUNE_SIZING: BatchSizing = { targetMs: 5, start: 100, min: 10, max: 50_000, growth: 2 };
/**
 * Between two batches the writer is left alone at least this long, and at least as long as the last batch held it:
 * queued submissions commit before the next batch, and pruning takes at most half of the writer's time (and of a
 * core the HTTP thread may need on a busy machine).
 */
export const PRUNE_REST_MS = 2;

export interface PruneStats {
  counts: PruneCounts;
  batches: number;
  /** The longest a batch held the write lock, in ms. */
  maxBatchMs: number;
  /** Time spent holding the write lock in all, in ms. */
  lockedMs: number;
}

export interface PruneOptions {
  /** How many rows there are to delete (the preview's count), for progress; what is found beyond it raises it. */
  total?: number;
  onProgress?(done: number, total: number): void;
  sizing?: BatchSizing;
  /** The least pause between batches (ms); the pause is also at least the last batch's duration. */
  restMs?: number;
}

/**
 * Deletes everything `scope` prunes, table by table in PRUNE_ORDER, in batches sized by the time the last one held
 * the write lock, yielding between batches: each batch is its own call, so on SQLite the writer thread serves the
 * submissions that queued up meanwhile before the next batch, and is never held up for more than one batch.
 */
export async function pruneData(store: StoreMaintenance, scope: PruneScope, options: PruneOptions = {}): Promise<PruneStats> {
  const sizing = options.sizing ?? PRUNE_SIZING;
  const restMs = options.restMs ?? PRUNE_REST_MS;
  const counts = Object.fromEntries(PRUNE_ORDER.map((t) => [t, 0])) as unknown as PruneCounts;
  const stats: PruneStats = { counts, batches: 0, maxBatchMs: 0, lockedMs: 0 };
  let done = 0;
  let size = sizing.start;
  options.onProgress?.(0, options.total ?? 0);
  for (const table of PRUNE_ORDER) {
    for (;;) {
      const { deleted, ms } = await store.pruneBatch(table, scope, size);
      stats.batches += 1;
      stats.maxBatchMs = Math.max(stats.maxBatchMs, ms);
      stats.lockedMs += ms;
      counts[table] += deleted;
      done += deleted;
      if (deleted > 0) options.onProgress?.(done, Math.max(done, options.total ?? 0));
      if (deleted < size) break;
      size = nextBatchSize(sizing, size, ms);
      await sleep(Math.max(restMs, ms));
    }
  }
  return stats;
}
