/**
 * Decision lag as a log-bucketed histogram: bucket b holds values in ((1.05^(b-1) - 1), (1.05^b - 1)] ms,
 * so a percentile read from it is within 5 % of the exact value. Histograms add, which is what lets the
 * stats endpoints sum per-minute rollups instead of scanning every audit row of the window.
 */
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

export interface LagHistogram {
  count: number;
  sum: number;
  max: number | null;
  buckets: Record<number, number>;
}

export const emptyHistogram = (): LagHistogram => ({ count: 0, sum: 0, max: null, buckets: {} });

export function bucketOf(lagMs: number): number {
  return lagMs <= 0 ? 0 : Math.ceil(Math.log(lagMs + 1) / LOG_GROWTH);
}

export function bucketUpperBound(bucket: number): number {
  return GROWTH ** bucket - 1;
}

export function observe(h: LagHistogram, lagMs: number): void {
  h.count += 1;
  h.sum += lagMs;
  h.max = h.max === null ? lagMs : Math.max(h.max, lagMs);
  const b = bucketOf(lagMs);
  h.buckets[b] = (h.buckets[b] ?? 0) + 1;
}

export function merge(into: LagHistogram, from: LagHistogram): LagHistogram {
  into.count += from.count;
  into.sum += from.sum;
  if (from.max !== null) into.max = into.max === null ? from.max : Math.max(into.max, from.max);
  for (const [b, n] of Object.entries(from.buckets)) into.buckets[Number(b)] = (into.buckets[Number(b)] ?? 0) + n;
  return into;
}

/** Nearest-rank percentile from the buckets, never above the exact maximum. */
export function histogramPercentile(h: LagHistogram, p: number): number | null {
  if (h.count === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * h.count));
  let seen = 0;
  for (const b of Object.keys(h.buckets).map(Number).sort((x, y) => x - y)) {
    seen += h.buckets[b] as number;
    if (seen >= rank) return Math.min(Math.round(bucketUpperBound(b) * 100) / 100, h.max ?? Infinity);
  }
  return h.max;
}
