import { z } from 'zod';
import { IsoTimestamp } from './common';

export const QueueStatus = z.object({
  paused: z.boolean(),
  depth: z.number().int(),
  ready: z.number().int(),
  delayed: z.number().int(),
  leased: z.number().int(),
  dead: z.number().int(),
  oldest_ready_age_ms: z.number().nullable(),
  /** This process's worker loops, and every worker process alive now (production mode: all of them). */
  workers: z.object({
    concurrency: z.number().int(),
    busy: z.number().int(),
    processes: z.array(
      z.object({
        owner: z.string(),
        host: z.string(),
        pid: z.number().int(),
        concurrency: z.number().int(),
        started_at: IsoTimestamp,
        last_beat_at: IsoTimestamp,
      }),
    ),
  }),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

export const DeadJob = z.object({
  job_id: z.string(),
  decision_id: z.string(),
  task_id: z.string(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  failed_at: IsoTimestamp,
});
export type DeadJob = z.infer<typeof DeadJob>;

export const QueueActionInput = z.strictObject({
  reason: z.string().trim().min(3, 'say why').max(2000),
});
export type QueueActionInput = z.infer<typeof QueueActionInput>;
