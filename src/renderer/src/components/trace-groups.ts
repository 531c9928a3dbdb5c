import { AUDIT_EVENT_TYPES, type AuditEventView } from '../../../shared/schemas/audit';
import { statusAfter } from './trace-step-state';

/** The outcomes a step or a decision is coloured by (the terminal decision statuses). */
const OUTCOMES = new Set(['approved', 'needs_review', 'blocked', 'failed']);

/** The outcome a step produced, when it produced one (a RECEIVED or SIGNALS_COMPUTED step does not). */
export function stepOutcome(e: AuditEventView): string | undefined {
  const status = statusAfter(e);
  return status !== undefined && OUTCOMES.has(status) ? status : undefined;
}

export type TraceRow =
  | { kind: 'decision'; decisionId: string | null; outcome: string | undefined; steps: number }
  | { kind: 'step'; index: number; outcome: string | undefined };

/**
 * The trace as rows: one header per decision (in the order each decision first appears, with the last status
 * its steps left it in), then that decision's steps in trace order. Only steps of `types` are listed when it is
 * given; a decision with none of them gets no header. Steps without a decision (an unblock) group under null.
 */
export function groupTrace(events: readonly AuditEventView[], types?: ReadonlySet<string>): TraceRow[] {
  const groups = new Map<string | null, { outcome: string | undefined; indices: number[] }>();
  events.forEach((e, index) => {
    let group = groups.get(e.decision_id);
    if (!group) groups.set(e.decision_id, (group = { outcome: undefined, indices: [] }));
    group.outcome = stepOutcome(e) ?? (statusAfter(e) === undefined ? group.outcome : undefined);
    if (!types || types.has(e.event_type)) group.indices.push(index);
  });
  const rows: TraceRow[] = [];
  for (const [decisionId, group] of groups) {
    if (group.indices.length === 0) continue;
    rows.push({ kind: 'decision', decisionId, outcome: group.outcome, steps: group.indices.length });
    for (const index of group.indices) rows.push({ kind: 'step', index, outcome: stepOutcome(events[index] as AuditEventView) });
  }
  return rows;
}

/** The `?types=` filter: known event types only, so a mistyped link filters nothing rather than everything. */
export function parseTypes(query: string | undefined): Set<string> | undefined {
  const known = new Set<string>(AUDIT_EVENT_TYPES);
  const types = (query ?? '').split(',').filter((t) => known.has(t));
  return types.length ? new Set(types) : undefined;
}

/** The event types a trace holds, in pipeline order: the choices its filter offers. */
export function typesIn(events: readonly AuditEventView[]): string[] {
  const present = new Set(events.map((e) => e.event_type));
  return AUDIT_EVENT_TYPES.filter((t) => present.has(t));
}

/**
 * The row of the next (`direction` 1) or previous (-1) step after row `from` whose event is `type`, in the
 * order the rows are listed; -1 when there is none.
 */
export function findStepRow(rows: readonly TraceRow[], events: readonly AuditEventView[], from: number, direction: 1 | -1, type: string): number {
  for (let r = from + direction; r >= 0 && r < rows.length; r += direction) {
    const row = rows[r] as TraceRow;
    if (row.kind === 'step' && events[row.index]?.event_type === type) return r;
  }
  return -1;
}
