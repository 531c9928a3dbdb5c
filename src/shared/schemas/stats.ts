import { z } from 'zod';
import { MAX_WINDOW_MS, WINDOW_PATTERN, windowToMs } from '../window';

export const StatsWindow = z
  .string()
  .regex(WINDOW_PATTERN, 'a window is a number and a unit: 30m, 1h, 24h, 7d')
  // zod runs refinements even after the regex failed: only judge the span of a well-formed window.
  .refine((w) => !WINDOW_PATTERN.test(w) || (windowToMs(w) > 0 && windowToMs(w) <= MAX_WINDOW_MS), 'a window is more than 0 and at most 90 days');

export const WindowInput = z.strictObject({ window: StatsWindow.default('24h') });
export type WindowInput = z.infer<typeof WindowInput>;

export const BlockedReasonsInput = z.strictObject({
  window: StatsWindow.default('24h'),
  top_n: z.coerce.number().int().min(1).max(100).default(10),
});
export type BlockedReasonsInput = z.infer<typeof BlockedReasonsInput>;

export const BlockedReasons = z.object({
  window: z.string(),
  total_blocked: z.number().int(),
  blocked_tasks: z.number().int(),
  reasons: z.array(z.object({ reason_code: z.string().nullable(), count: z.number().int() })),
});
export type BlockedReasons = z.infer<typeof BlockedReasons>;

export const BlockedTasksInput = z.strictObject({
  top_n: z.coerce.number().int().min(1).max(100).default(10),
});
export type BlockedTasksInput = z.infer<typeof BlockedTasksInput>;

/** Tasks blocked now, per reason: the same reason and the same tasks the blocked list filters by. */
export const BlockedTasks = z.object({
  blocked_tasks: z.number().int(),
  reasons: z.array(z.object({ reason_code: z.string().nullable(), count: z.number().int() })),
});
export type BlockedTasks = z.infer<typeof BlockedTasks>;

export const DecisionLag = z.object({
  window: z.string(),
  count: z.number().int(),
  avg_ms: z.number().nullable(),
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  p99_ms: z.number().nullable(),
  max_ms: z.number().nullable(),
});
export type DecisionLag = z.infer<typeof DecisionLag>;

export const DecisionTypes = z.object({
  window: z.string(),
  total: z.number().int(),
  types: z.array(
    z.object({
      decision_type: z.string(),
      total: z.number().int(),
      by_status: z.record(z.string(), z.number().int()),
    }),
  ),
});
export type DecisionTypes = z.infer<typeof DecisionTypes>;
