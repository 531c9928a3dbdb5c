import type { DeadJob } from '../../../shared/schemas/queue';
import type { WorkItem } from './records';

export interface QueueCounts {
  ready: number;
  delayed: number;
  leased: number;
  dead: number;
  oldestReadyAt: number | null;
}

/** The consumer side's writes: what the worker and the queue controls change. */
export interface QueueWrites {
  /** Claims up to `max` ready jobs (highest priority, then oldest), leasing them to `owner` until now + leaseMs. */
  claim(owner: string, max: number, leaseMs: number, now: number): Promise<WorkItem[]>;
  heartbeat(owner: string, jobIds: string[], leaseMs: number, now: number): Promise<void>;
  ack(jobIds: string[]): Promise<void>;
  /** Schedules the job again at `runAt` with its error. */
  retry(jobId: string, runAt: number, error: string): Promise<void>;
  deadLetter(jobId: string, error: string, now: number): Promise<void>;
  /** Hands leased jobs back without counting an attempt (graceful stop). */
  release(owner: string, jobIds: string[]): Promise<void>;
  /** Returns every lease not held by `owner` to ready: at start, when no other process can hold one. */
  recoverLeases(exceptOwner: string): Promise<number>;
  setPaused(paused: boolean): Promise<void>;
}

export interface QueueReads {
  counts(workspaceId: string | null, now: number): Promise<QueueCounts>;
  listDead(workspaceId: string, limit: number): Promise<DeadJob[]>;
  /** One dead-lettered job of a workspace, or null. (Putting it back is the store's `requeueDecision`.) */
  getDeadJob(workspaceId: string, jobId: string): Promise<DeadJob | null>;
  isPaused(): Promise<boolean>;
}

/**
 * The durable job queue the worker consumes. Jobs are put on it by `AuditStore.acceptSubmission` (same
 * transaction as the decision) and back on it by `requeueDecision` / `requeueOrphan`; this port is the consumer
 * side. Delivery is at-least-once: a lease that is neither acked nor extended expires and the job is claimed again.
 */
export interface JobQueue extends QueueReads, QueueWrites {}
