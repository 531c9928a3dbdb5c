import type { DeadJob } from '../../../shared/schemas/queue';
import type { NewJob, WorkItem } from './records';

export interface QueueCounts {
  ready: number;
  delayed: number;
  leased: number;
  dead: number;
  oldestReadyAt: number | null;
}

/**
 * A job as it is put on the queue: the inbox row plus what the worker needs to judge the decision, so a queue that
 * lives apart from the store (BullMQ) can hand out complete work items without reading the decision back.
 */
export interface QueuedJob extends NewJob {
  decisionType: WorkItem['decisionType'];
  inputs: WorkItem['inputs'];
  sourceEventTs: number | null;
  enqueuedAt: number;
}

/** The decision a job carries: what the outbox stores of it and what a queue apart from the store keeps as job data. */
export type JobWork = Pick<QueuedJob, 'decisionId' | 'workspaceId' | 'taskId' | 'decisionType' | 'inputs' | 'sourceEventTs' | 'enqueuedAt' | 'traceparent'>;

/** A job on the queue that no worker holds yet (ready now or delayed), with the decision it carries and its priority. */
export interface WaitingJob extends JobWork {
  jobId: string;
  priority: number;
}

/** Which waiting jobs of a workspace to list: every field given must match. Times are epoch ms, both bounds exclusive. */
export interface WaitingJobFilter {
  jobIds?: readonly string[];
  decisionType?: WorkItem['decisionType'];
  taskIds?: readonly string[];
  enqueuedBefore?: number;
  enqueuedAfter?: number;
}

/** The writes of the queue: what the outbox relay, the worker and the queue controls change. */
export interface QueueWrites {
  /**
   * Puts jobs on the queue, ready at their `runAt`. Idempotent per job id: a job with that id that is still waiting,
   * delayed or leased is left as it is (a relay that delivers twice adds nothing); a dead one is put back as ready.
   */
  enqueue(jobs: QueuedJob[]): Promise<void>;
  /** Claims up to `max` ready jobs (highest priority, then oldest), leasing them to `owner` until now + leaseMs. */
  claim(owner: string, max: number, leaseMs: number, now: number): Promise<WorkItem[]>;
  heartbeat(owner: string, jobIds: string[], leaseMs: number, now: number): Promise<void>;
  ack(jobIds: string[]): Promise<void>;
  /** Schedules the job again at `runAt` with its error. */
  retry(jobId: string, runAt: number, error: string): Promise<void>;
  deadLetter(jobId: string, error: string, now: number): Promise<void>;
  /** Hands leased jobs back without counting an attempt (graceful stop). */
  release(owner: string, jobIds: string[]): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  /**
   * Removes those of `jobIds` that are still waiting (ready or delayed) in the workspace; a job a worker claimed
   * meanwhile, or one of another workspace, is left alone. Returns the ids removed.
   */
  removeWaiting(workspaceId: string, jobIds: string[]): Promise<string[]>;
  /** Removes those of `jobIds` that are still dead-lettered in the workspace. Returns the ids removed. */
  removeDead(workspaceId: string, jobIds: string[]): Promise<string[]>;
}

export interface QueueReads {
  counts(workspaceId: string | null, now: number): Promise<QueueCounts>;
  listDead(workspaceId: string, limit: number): Promise<DeadJob[]>;
  /** One dead-lettered job of a workspace, or null. (Putting it back is the store's `requeueDecision`.) */
  getDeadJob(workspaceId: string, jobId: string): Promise<DeadJob | null>;
  isPaused(): Promise<boolean>;
  /** The waiting (ready or delayed) jobs of a workspace that match the filter: at most `limit`, oldest enqueued first. */
  listWaiting(workspaceId: string, filter: WaitingJobFilter, limit: number): Promise<WaitingJob[]>;
  /** Of these job ids, the ones waiting, delayed or leased now. */
  liveJobs(jobIds: string[]): Promise<Set<string>>;
}

/**
 * The durable job queue the worker consumes. Delivery is at-least-once: a lease that is neither acked nor extended
 * expires and the job is claimed again (the store's outcome write is keyed by decision id, so a redelivery changes
 * nothing). Jobs arrive through `enqueue` (the outbox relay, for a store apart from the queue); the embedded SQLite
 * store also writes them itself, in the submission's own transaction, as that adapter's optimisation.
 */
export interface JobQueue extends QueueReads, QueueWrites {}
