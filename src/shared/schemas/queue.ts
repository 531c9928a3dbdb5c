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
  workers: z.object({ concurrency: z.number().int(), busy: z.number().int() }),
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
