import { z } from 'zod';
import { Cursor, IsoTimestamp, JsonObject, Limit } from './common';

/** What the incident timeline shows, each kind from the audit trails (task_audits, ops_audits). */
export const TIMELINE_KINDS = ['blocked', 'review', 'unblock', 'runbook', 'breaker', 'alert', 'policy', 'queue'] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineInput = z.strictObject({
  from: IsoTimestamp.optional(),
  to: IsoTimestamp.optional(),
  /** Comma-separated kinds; all when absent. */
  kinds: z
    .string()
    .max(200)
    .refine((s) => s.split(',').every((k) => (TIMELINE_KINDS as readonly string[]).includes(k.trim())), `kinds are ${TIMELINE_KINDS.join(', ')}`)
    .optional(),
  cursor: Cursor.optional(),
  limit: Limit(200, 1000),
});
export type TimelineInput = z.infer<typeof TimelineInput>;

export const TimelineItem = z.object({
  id: z.string(),
  at: IsoTimestamp,
  kind: TimelineKind,
  event_type: z.string(),
  /** Who: a key or user name, or the engine part that acted (supervisor, breaker, alert-engine). */
  actor: z.string(),
  summary: z.string(),
  /** The object to open: a UI path and the API path that returns it. */
  link: z.object({ label: z.string(), ui: z.string(), api: z.string() }).nullable(),
  details: JsonObject,
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const TimelinePage = z.object({ items: z.array(TimelineItem), next_cursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;
