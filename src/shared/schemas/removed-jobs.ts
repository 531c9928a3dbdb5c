import { z } from 'zod';
import { IsoTimestamp, JsonObject } from './common';
import { DecisionType } from './decision';

/**
 * The restorable file of jobs an operator took off the queue (purged waiting jobs, discarded dead letters): JSON
 * Lines, a header line and then one line per job, each complete enough to put the job back as it was.
 */
export const REMOVED_JOBS_FORMAT = 'decisionos-removed-jobs/1';

export const RemovedJobsKind = z.enum(['purged', 'discarded']);
export type RemovedJobsKind = z.infer<typeof RemovedJobsKind>;

/** A file's bare name, as the restore action takes it: kind, UTC time, random part. Nothing else is a file of ours. */
export const REMOVED_JOBS_FILE_NAME = /^(purged|discarded)-\d{8}T\d{9}Z-[0-9a-f]{12}\.jsonl$/;

export const RemovedJobsFileName = z
  .string()
  .max(80)
  .regex(REMOVED_JOBS_FILE_NAME, 'a bare file name as the purge or discard result names it, e.g. purged-20260101T120000000Z-0123456789ab.jsonl');

export const RemovedJobsHeader = z.strictObject({
  format: z.literal(REMOVED_JOBS_FORMAT),
  kind: RemovedJobsKind,
  workspace_id: z.string().min(1).max(128),
  jobs: z.number().int().min(0),
  created_at: IsoTimestamp,
});
export type RemovedJobsHeader = z.infer<typeof RemovedJobsHeader>;

export const RemovedJob = z.strictObject({
  kind: RemovedJobsKind,
  job_id: z.string().min(1).max(128),
  decision_id: z.string().min(1).max(128),
  task_id: z.string().min(1).max(128),
  workspace_id: z.string().min(1).max(128),
  decision_type: DecisionType,
  inputs: JsonObject,
  priority: z.number().int().min(0),
  source_event_ts: IsoTimestamp.nullable(),
  enqueued_at: IsoTimestamp,
  /** When the operator removed it, who and why. */
  removed_at: IsoTimestamp,
  actor: z.string(),
  reason: z.string(),
  /** The decision's error once the job was removed: a restore puts back only a decision that still fails with it. */
  decision_error: z.string().nullable(),
});
export type RemovedJob = z.infer<typeof RemovedJob>;
