/**
 * Per-key call budgets (a workspace's submit or trace budget per minute), shared by every process that uses the
 * same store: SQLite in the data dir now, Redis in production mode.
 */
export interface RateLimiter {
  /** Spends one call of `key`'s budget: 0 when allowed, else the milliseconds until the budget refills. */
  take(key: string): Promise<number>;
  /**
   * Spends one call of a budget given per call (an operator's throttle, which changes at run time): at most `limit`
   * calls of `key` in a fixed window of `windowMs` that starts at the key's first call. 0 when allowed, else the
   * milliseconds until the window ends. Refused calls count too. Keys are their own: they never share `take`'s.
   */
  takeWithin(key: string, limit: number, windowMs: number): Promise<number>;
}
