import type { QueuedJob } from './job-queue';

/** A job the store committed with its decision and has not yet seen delivered to the queue. */
export interface OutboxEntry {
  outboxId: number;
  job: QueuedJob;
  createdAt: number;
}

export interface OutboxBacklog {
  count: number;
  /** ms since the epoch; null when nothing waits. */
  oldestAt: number | null;
}

/**
 * The transactional outbox of a store that shares no transaction with the queue (Postgres + BullMQ): the decision
 * and its outbox row commit together; a relay delivers the rows to the queue and marks them sent. A crash between
 * delivery and marking delivers again, which the queue's per-job-id idempotency absorbs.
 */
export interface Outbox {
  /**
   * Hands up to `limit` unsent entries, oldest first, to `deliver` and marks them sent once it resolves. The rows
   * stay locked meanwhile, so relays in several processes never deliver the same rows at once. Returns how many.
   */
  relayOutbox(limit: number, deliver: (entries: OutboxEntry[]) => Promise<void>): Promise<number>;
  outboxBacklog(): Promise<OutboxBacklog>;
}
