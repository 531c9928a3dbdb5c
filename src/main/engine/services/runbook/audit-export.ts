import type { AuditExportFormat } from '../../../../shared/schemas/audit-export';
import type { AuditExportFilter, AuditExportReads, AuditExportRow, OpsAuditLog } from '../../ports/audit-store';
import type { Clock } from '../../ports/clock';
import type { Caller } from '../../ports/records';
import { csvHeader, csvLine, jsonLine, type ExportRecord } from '../../domain/audit-export-format';
import { opsAuditEvent } from '../audit-events';

/** Rows read per page: one page is all an export holds in memory. */
export const EXPORT_PAGE_ROWS = 500;

export interface ExportSources {
  store: AuditExportReads & OpsAuditLog;
  clock: Clock;
}

/** A filter in the caller's own workspace: an export never reads another's. */
export function exportFilterFor(caller: Caller, p: { task_id?: string; since?: string; until?: string; event_types?: readonly string[] }): AuditExportFilter {
  return {
    workspaceId: caller.workspaceId,
    taskId: p.task_id ?? null,
    eventTypes: p.event_types ?? null,
    from: p.since === undefined ? null : Date.parse(p.since),
    to: p.until === undefined ? null : Date.parse(p.until),
  };
}

/** What the filter says, for the audit event and the action's preview. */
export function describeFilter(f: AuditExportFilter): Record<string, string | string[] | null> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { workspace_id: f.workspaceId, task_id: f.taskId, event_types: f.eventTypes ? [...f.eventTypes] : null, since: iso(f.from), until: iso(f.to) };
}

function exportRecord(r: AuditExportRow): ExportRecord {
  return {
    at: new Date(r.at).toISOString(), source: r.source, audit_id: r.auditId, workspace_id: r.workspaceId, event_type: r.eventType, actor: r.actor,
    task_id: r.taskId, decision_id: r.decisionId, reason_code: r.reasonCode, target: r.target, payload: r.payload,
  };
}

export const exportContentType = (format: AuditExportFormat) => (format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');

/** `decisionos-audit-<workspace>-<UTC time>.<format>`, safe as a file name and in Content-Disposition. */
export function exportFileName(workspaceId: string, at: number, format: AuditExportFormat): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '');
  return `decisionos-audit-${workspaceId.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${format}`;
}

/**
 * The export as text chunks, one per page of rows, read on demand: a consumer that reads slowly (a slow client,
 * a disk) slows the reads, so memory stays at about one page. When it ends, however it ends (finished, the client
 * gone, a read failing), one AUDIT_EXPORTED event records who exported what and how many rows went out.
 */
export async function* auditExportChunks(
  s: ExportSources,
  caller: Caller,
  filter: AuditExportFilter,
  format: AuditExportFormat,
  via: string,
  onRows: (rowsSoFar: number) => void = () => undefined,
): AsyncGenerator<string> {
  let rows = 0;
  let outcome: { complete: boolean; error?: string } = { complete: false };
  try {
    if (format === 'csv') yield csvHeader();
    let after: AuditExportRow | null = null;
    for (;;) {
      const page = await s.store.auditExportPage(filter, after, EXPORT_PAGE_ROWS);
      if (page.length > 0) {
        const line = format === 'csv' ? csvLine : jsonLine;
        yield page.map((r) => line(exportRecord(r))).join('');
        rows += page.length;
        onRows(rows);
      }
      const last = page.at(-1);
      if (page.length < EXPORT_PAGE_ROWS || !last) break;
      after = last;
    }
    outcome = { complete: true };
  } catch (error) {
    outcome = { complete: false, error: error instanceof Error ? error.message : String(error) };
    throw error;
  } finally {
    await s.store.appendOpsAudit(
      opsAuditEvent('AUDIT_EXPORTED', {
        workspaceId: caller.workspaceId,
        actor: caller.name,
        target: filter.taskId ?? 'audit-trail',
        at: s.clock.now(),
        requestId: caller.requestId,
        payload: { format, filter: describeFilter(filter), rows, ...outcome, via, key_id: caller.keyId },
      }),
    );
  }
}
