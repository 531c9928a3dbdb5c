import { z } from 'zod';
import { IsoTimestamp } from './common';

export const Empty = z.strictObject({});

export const Health = z.object({ status: z.literal('ok'), timestamp: IsoTimestamp, version: z.string() });
export type Health = z.infer<typeof Health>;

export const ReadyCheck = z.object({ ok: z.boolean(), detail: z.string().optional() });
export const Ready = z.object({ ready: z.boolean(), checks: z.record(z.string(), ReadyCheck) });
export type Ready = z.infer<typeof Ready>;

export const MetricsText = z.string();
