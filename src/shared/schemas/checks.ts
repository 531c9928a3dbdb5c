import { z } from 'zod';
import { IsoTimestamp } from './common';

export const CHECK_STATUSES = ['pass', 'warn', 'fail'] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** The numbers behind a check's verdict, by name (null: not known, e.g. no decision yet). */
export const CheckNumbers = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));
export type CheckNumbers = z.infer<typeof CheckNumbers>;

export const RunChecksInput = z.strictObject({
  /** Comma-separated check ids; every check when absent. */
  ids: z.string().max(2_000).optional(),
  /** `heavy`: leave out the checks that read the whole database (for periodic runs, such as the Overview's). */
  skip: z.literal('heavy', { error: 'skip: only `heavy` (the checks that read the whole database)' }).optional(),
});
export type RunChecksInput = z.infer<typeof RunChecksInput>;

export const CheckResult = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  /** One sentence with the numbers. */
  summary: z.string(),
  numbers: CheckNumbers,
  duration_ms: z.number(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CheckReport = z.object({
  at: IsoTimestamp,
  checks: z.array(CheckResult),
});
export type CheckReport = z.infer<typeof CheckReport>;
