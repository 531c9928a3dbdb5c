/**
 * Events per key in a sliding time window, for "how many from this customer in the last minute".
 * Bounded: past `maxKeys` the least recently seen key is dropped (Map keeps insertion order).
 */
export class VelocityCounter {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 100_000,
  ) {}

  /** Records an event at `now` and returns how many events the key had in the window, this one included. */
  hit(key: string, now: number): number {
    const cutoff = now - this.windowMs;
    const list = this.times.get(key) ?? [];
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= cutoff) drop += 1;
    if (drop > 0) list.splice(0, drop);
    list.push(now);
    this.times.delete(key);
    this.times.set(key, list);
    if (this.times.size > this.maxKeys) {
      const oldest = this.times.keys().next().value;
      if (oldest !== undefined) this.times.delete(oldest);
    }
    return list.length;
  }
}
