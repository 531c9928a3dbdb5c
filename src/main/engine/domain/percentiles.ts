/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Summary {
  count: number;
  avg: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Sorts `values` in place (callers pass a fresh array; copying 200k values would cost as much as the sort). */
export function summarize(values: Float64Array): Summary {
  values.sort();
  let sum = 0;
  for (const v of values) sum += v;
  const n = values.length;
  return {
    count: n,
    avg: n ? sum / n : null,
    p50: percentileSorted(values, 50),
    p95: percentileSorted(values, 95),
    p99: percentileSorted(values, 99),
    max: n ? (values[n - 1] as number) : null,
  };
}
