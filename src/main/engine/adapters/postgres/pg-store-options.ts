export interface PgDecisionStoreOptions {
  /**
   * How long an open decision must have been unchanged, with no job waiting in the outbox, before it counts as an
   * orphan. Postgres cannot see the queue: a decision whose job the relay delivered looks the same as one whose job
   * was lost until it has waited this long. Default 10 minutes.
   */
  orphanAfterMs?: number;
  /** The clock the orphan window is measured on (ms since the epoch). */
  now?: () => number;
}

export const DEFAULT_ORPHAN_AFTER_MS = 10 * 60_000;
