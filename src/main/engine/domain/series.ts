/** A fixed-size buffer of the latest items, oldest first when read. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    const end = (this.start + this.size) % this.capacity;
    this.items[end] = item;
    if (this.size < this.capacity) this.size += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  get length(): number {
    return this.size;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i += 1) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  latest(back = 0): T | undefined {
    if (back >= this.size) return undefined;
    return this.items[(this.start + this.size - 1 - back) % this.capacity];
  }
}

export interface Bucket {
  /** Upper bound; Infinity for +Inf. */
  le: number;
  /** Cumulative count of observations <= le. */
  count: number;
}

/**
 * The q-quantile of a Prometheus-style cumulative histogram, interpolated linearly inside the bucket it falls
 * in (what `histogram_quantile` does). Null when there were no observations; the highest finite bound when it
 * falls in +Inf.
 */
export function quantileFromBuckets(buckets: readonly Bucket[], q: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return previousLe;
      const inBucket = b.count - previousCount;
      return inBucket === 0 ? b.le : previousLe + ((b.le - previousLe) * (rank - previousCount)) / inBucket;
    }
    previousLe = b.le;
    previousCount = b.count;
  }
  return previousLe;
}

/** Per-bucket difference of two readings of the same cumulative histogram (a counter reset reads as the new value). */
export function bucketDelta(now: readonly Bucket[], before: readonly Bucket[]): Bucket[] {
  const old = new Map(before.map((b) => [b.le, b.count]));
  const delta = now.map((b) => ({ le: b.le, count: b.count - (old.get(b.le) ?? 0) }));
  return delta.some((b) => b.count < 0) ? [...now] : delta;
}
