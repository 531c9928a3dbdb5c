/**
 * Events per key in a sliding time window, for "how many from this customer in the last minute".
 * Bounded: past `maxKeys` the least recently seen key is dropped (Map keeps insertion order).
 */
/** velocity_1m's window. */
export const VELOCITY_WINDOW_MS = 60_000;

export class VelocityCounter {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly windowMs = VELOCITY_WINDOW_MS,
    private readonly maxKeys = 100_000,
  ) {}

  /**
   * Records an event at `at` and returns how many events the key had in (at - window, at], this one
   * included. Events may arrive out of order (their time is the source event's): times are kept sorted.
   */
  hit(key: string, at: number): number {
    const list = this.times.get(key) ?? [];
    let i = list.length;
    while (i > 0 && (list[i - 1] as number) > at) i -= 1;
    list.splice(i, 0, at);
    const newest = list[list.length - 1] as number;
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= newest - this.windowMs) drop += 1;
    if (drop > 0) list.splice(0, drop);
    let count = 0;
    for (const t of list) if (t > at - this.windowMs && t <= at) count += 1;
    this.times.delete(key);
    this.times.set(key, list);
    if (this.times.size > this.maxKeys) {
      const oldest = this.times.keys().next().value;
      if (oldest !== undefined) this.times.delete(oldest);
    }
    return count;
  }
}
