import { z } from 'zod';
import { ExternalId, IsoTimestamp } from './common';

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export const AuditExportFormat = z.enum(AUDIT_EXPORT_FORMATS);
export type AuditExportFormat = z.infer<typeof AuditExportFormat>;

/** The most event types one export filters on. */
export const MAX_EXPORT_EVENT_TYPES = 32;
const EventType = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'an audit event type, e.g. SUPERVISOR_BLOCKED');

/** Which part of the audit trail an export holds. Every field narrows; none: the workspace's whole trail. */
const exportFilter = {
  /** One task's trail (its task events only). */
  task_id: ExternalId.optional(),
  /** From this time on (inclusive) ... */
  since: IsoTimestamp.optional(),
  /** ... up to this time (exclusive). */
  until: IsoTimestamp.optional(),
};

const sinceBeforeUntil = (p: { since?: string; until?: string }) => p.since === undefined || p.until === undefined || Date.parse(p.since) < Date.parse(p.until);
const SINCE_BEFORE_UNTIL = { message: 'since must be before until', path: ['until'] };

/** GET /api/audit/export: the query string (event types comma-separated). */
export const AuditExportInput = z
  .strictObject({
    format: AuditExportFormat.default('jsonl'),
    ...exportFilter,
    event_type: z
      .string()
      .max(MAX_EXPORT_EVENT_TYPES * 65)
      .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
      .pipe(z.array(EventType).min(1, 'name at least one event type').max(MAX_EXPORT_EVENT_TYPES))
      .optional(),
  })
  .refine(sinceBeforeUntil, SINCE_BEFORE_UNTIL);
export type AuditExportInput = z.output<typeof AuditExportInput>;

/** The export-audit runbook action's params: the same filter, event types as a list. */
export const ExportAuditParams = z
  .strictObject({
    format: AuditExportFormat.default('jsonl'),
    ...exportFilter,
    event_types: z.array(EventType).min(1).max(MAX_EXPORT_EVENT_TYPES).optional(),
  })
  .refine(sinceBeforeUntil, SINCE_BEFORE_UNTIL);
export type ExportAuditParams = z.output<typeof ExportAuditParams>;

/** A streamed export's body: chunks of JSONL or CSV text (HTTP sends them as they come; nothing holds them all). */
export const AuditExportStream = z.custom<AsyncIterable<string>>((v) => typeof v === 'object' && v !== null && Symbol.asyncIterator in v, 'a stream of text');
