import type { AuditStore } from '../ports/audit-store';
import type { JobQueue } from '../ports/job-queue';
import type { KeyValue } from '../ports/key-value';

/**
 * The port methods that write. With the writer thread, these run there (one writer, no busy-waiting
 * between connections); every other method reads on the calling thread's own connection.
 */
export const STORE_WRITES = [
  'acceptSubmission',
  'startProcessing',
  'recordOutcomes',
  'recordRetry',
  'recordReview',
  'unblockTask',
  'appendAudit',
  'requeueDecision',
  'requeueOrphan',
  'insertPolicy',
  'activatePolicy',
  'insertKey',
  'revokeKey',
  'appendOpsAudit',
  'pruneOlderThan',
] as const satisfies readonly (keyof AuditStore)[];

export const QUEUE_WRITES = [
  'claim',
  'heartbeat',
  'ack',
  'retry',
  'deadLetter',
  'release',
  'recoverLeases',
  'setPaused',
] as const satisfies readonly (keyof JobQueue)[];

export const KV_WRITES = ['compareAndSet'] as const satisfies readonly (keyof KeyValue)[];
