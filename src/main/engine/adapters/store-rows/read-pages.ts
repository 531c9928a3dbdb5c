import type { TaskListItem, TaskPage, TaskSummary, TracePage } from '../../../../shared/schemas/audit';
import { DECISION_STATUSES, type DecisionPage, type DecisionSort, type ListDecisionsInput } from '../../../../shared/schemas/decision';
import { encodeCursor } from '../../domain/cursor';
import { encodeDecisionListCursor } from '../../domain/decision-list-cursor';
import { auditViewFromRow, decisionViewFromRow, type AuditRow, type DecisionRow } from './decision-rows';
import { sqlTimeToIso, sqlTimeToIsoOrNull, sqlTimeToMs } from './stored-time';

/**
 * The pages and summaries both stores assemble from the same rows. Each query reads one row past the page
 * (`limit + 1`): its presence is what says a next page exists.
 */
export function decisionPage(rows: DecisionRow[], filter: Pick<ListDecisionsInput, 'sort' | 'order' | 'limit'>): DecisionPage {
  const { sort, order, limit } = filter;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(decisionViewFromRow),
    next_cursor: more && last ? encodeDecisionListCursor({ sort, order, value: sortValue(last, sort), id: last.decision_id }) : null,
  };
}

function sortValue(row: DecisionRow, sort: DecisionSort): string | number | null {
  return sort === 'created_at' ? sqlTimeToMs(row.created_at) : row[sort];
}

export function taskPage(rows: TaskListItem[], limit: number): TaskPage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, updated_at: sqlTimeToIso(r.updated_at) })),
    next_cursor: more && last ? encodeCursor({ t: sqlTimeToMs(last.updated_at), id: last.task_id }) : null,
  };
}

export function tracePage(taskId: string, rows: AuditRow[], limit: number, total: number): TracePage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    task_id: taskId,
    items: page.map(auditViewFromRow),
    count: page.length,
    total,
    next_cursor: more && last ? encodeCursor({ s: last.seq }) : null,
  };
}

export interface TaskRow {
  status: TaskSummary['status'];
  decision_type: TaskSummary['decision_type'];
  last_decision_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaskAuditSpan {
  n: number;
  first_at: string | null;
  last_at: string | null;
}

export function taskSummary(
  taskId: string,
  task: TaskRow,
  statusCounts: { status: string; n: number }[],
  span: TaskAuditSpan,
  blockedReasons: string[],
  last: DecisionRow | undefined,
): TaskSummary {
  const decisions = Object.fromEntries(DECISION_STATUSES.map((s) => [s, 0])) as TaskSummary['decisions'];
  for (const { status, n } of statusCounts) decisions[status as keyof TaskSummary['decisions']] = n;
  return {
    task_id: taskId,
    status: task.status,
    decision_type: task.decision_type,
    created_at: sqlTimeToIso(task.created_at),
    updated_at: sqlTimeToIso(task.updated_at),
    decisions,
    audit_events: span.n,
    first_event_at: sqlTimeToIsoOrNull(span.first_at),
    last_event_at: sqlTimeToIsoOrNull(span.last_at),
    blocked_reasons: blockedReasons,
    last_decision: last ? decisionViewFromRow(last) : null,
  };
}
