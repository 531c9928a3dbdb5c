/**
 * Per-key call budgets (a workspace's submit or trace budget per minute), shared by every process that uses the
 * same store: SQLite in the data dir now, Redis in production mode.
 */
export interface RateLimiter {
  /** Spends one call of `key`'s budget: 0 when allowed, else the milliseconds until the budget refills. */
  take(key: string): Promise<number>;
}
