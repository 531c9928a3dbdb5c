/** The columns of an export, in order: the CSV header and the keys of each JSONL object. */
export const EXPORT_COLUMNS = ['at', 'source', 'audit_id', 'workspace_id', 'event_type', 'actor', 'task_id', 'decision_id', 'reason_code', 'target', 'payload'] as const;

export type ExportFormat = 'jsonl' | 'csv';

/** The columns an audit event has in every form: the stores' rows and the export's records. */
export interface AuditEventColumns {
  source: 'task' | 'ops';
  audit_id: string;
  workspace_id: string;
  event_type: string;
  actor: string | null;
  task_id: string | null;
  decision_id: string | null;
  reason_code: string | null;
  target: string | null;
}

export interface ExportRecord extends AuditEventColumns {
  at: string;
  payload: Record<string, unknown>;
}

/** A spreadsheet runs a cell that starts like a formula; OWASP's list of such starts (tab and CR included). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, RFC 4180: quoted when it holds a quote, comma or line break (quotes doubled). A cell a spreadsheet
 * would take for a formula gets a leading apostrophe first, so opening the export never runs what an actor or a
 * payload wrote. Written here rather than taken from a library: these two rules are the whole of what is needed.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

export function csvLine(r: ExportRecord): string {
  return `${EXPORT_COLUMNS.map((c) => csvCell(c === 'payload' ? JSON.stringify(r.payload) : r[c])).join(',')}\r\n`;
}

export function jsonLine(r: ExportRecord): string {
  return `${JSON.stringify(r)}\n`;
}
