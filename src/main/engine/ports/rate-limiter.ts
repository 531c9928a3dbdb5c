/**
 * Per-key call budgets (a workspace's submit or trace budget per minute), shared by every process that uses the
 * same store: SQLite in the data dir now, Redis in production mode.
 */
export interface RateLimiter {
  /**
   * Spends one call of `key`'s budget: 0 when allowed, else the milliseconds until the budget refills. `points` is
   * this key's budget when it is not the one the limiter was opened with (a workspace's changed rate limit); the
   * calls already counted in the window count against it, so a lower budget applies from the next call.
   */
  take(key: string, points?: number): Promise<number>;
}
