/**
 * Sizes the next batch of a long maintenance job (pruning, vacuum) from how long the last one took, so each batch
 * holds the write lock about `targetMs`: start small, grow at most `growth` times per step (one fast batch on a
 * warm cache says little about the next), shrink in proportion when a batch ran over.
 */
export interface BatchSizing {
  targetMs: number;
  start: number;
  min: number;
  max: number;
  growth: number;
}

export function nextBatchSize(sizing: BatchSizing, size: number, tookMs: number): number {
  const fitted = tookMs > 0 ? (size * sizing.targetMs) / tookMs : Number.POSITIVE_INFINITY;
  const next = Math.min(fitted, size * sizing.growth);
  return Math.max(sizing.min, Math.min(sizing.max, Math.floor(next)));
}
