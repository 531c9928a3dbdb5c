export interface PgDecisionStoreOptions {
  /**
   * How long an open decision must have been unchanged, with no job waiting in the outbox, before it counts as an
   * orphan candidate. Postgres cannot see the queue: the reconciler asks the queue whether the candidate's job is
   * live before it requeues anything; this window only keeps a decision the relay is delivering right now out of
   * the question. Default 1 minute.
   */
  orphanAfterMs?: number;
  /** The clock the orphan window is measured on (ms since the epoch). */
  now?: () => number;
}

export const DEFAULT_ORPHAN_AFTER_MS = 60_000;
