/**
 * Fixed one-minute windows per key (workspace + budget). Written by hand rather than with
 * @fastify/rate-limit because the key is the workspace, known only after the API key is checked, and the
 * same budget must hold whichever transport the call came in on.
 */
export class RateWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a call; returns 0 when allowed, else the milliseconds until the window resets. */
  take(key: string, now: number): number {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.dropExpired(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) return w.start + this.windowMs - now;
    w.count += 1;
    return 0;
  }

  private dropExpired(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
