import type { DecisionSort, SortOrder } from '../../../../shared/schemas/decision';
import type { DecisionListPosition } from '../../domain/decision-list-cursor';
import { toSqlTime } from './sql-time';

/**
 * ORDER BY and the keyset condition for one sort of the decisions list. Time and risk read an index in order
 * (idx_decisions_recent, idx_decisions_risk); status walks idx_decisions_status and sorts each status group by
 * id; type sorts the workspace's rows (migration 6 says why those two have no index). SQLite puts NULL below every value: a decision without a risk score comes first
 * ascending and last descending, and the keyset conditions follow that.
 */
export function decisionListOrder(sort: DecisionSort, order: SortOrder): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${sort} ${dir}, decision_id ${dir}`;
}

/** The rows after `p` in its own sort: a WHERE term and its arguments. */
export function decisionListAfter(p: DecisionListPosition): { clause: string; args: unknown[] } {
  const cmp = p.order === 'desc' ? '<' : '>';
  if (p.sort === 'created_at') {
    const at = toSqlTime(p.value as number);
    // The default (newest first) keeps the exact condition it has always had.
    return { clause: `(created_at ${cmp} ? OR (created_at = ? AND decision_id ${cmp} ?))`, args: [at, at, p.id] };
  }
  if (p.sort === 'risk_score' && p.value === null) {
    return p.order === 'desc'
      ? { clause: '(risk_score IS NULL AND decision_id < ?)', args: [p.id] }
      : { clause: '(risk_score IS NOT NULL OR decision_id > ?)', args: [p.id] };
  }
  const rowValue = `(${p.sort}, decision_id) ${cmp} (?, ?)`;
  if (p.sort === 'risk_score' && p.order === 'desc') return { clause: `(${rowValue} OR risk_score IS NULL)`, args: [p.value, p.id] };
  return { clause: rowValue, args: [p.value, p.id] };
}
