import type { DecisionSort, SortOrder } from '../../../../shared/schemas/decision';
import type { DecisionListPosition } from '../../domain/decision-list-cursor';
import { fromMs } from './pg-time';

/**
 * ORDER BY and the keyset condition of one sort of the decisions list, in SQLite's order: a missing risk score sorts
 * below every score (first ascending, last descending), which idx_decisions_risk (risk_score NULLS FIRST) reads in
 * index order both ways. Text sorts need no COLLATE "C": statuses and types differ in their first letter and
 * decision ids are fixed-length lowercase base 36, which every collation orders as SQLite does.
 */
export function pgDecisionListOrder(sort: DecisionSort, order: SortOrder): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const nulls = sort === 'risk_score' ? (order === 'desc' ? ' NULLS LAST' : ' NULLS FIRST') : '';
  return `ORDER BY ${sort} ${dir}${nulls}, decision_id ${dir}`;
}

/** The rows after `p` in its own sort; `param` adds a parameter and returns its placeholder. */
export function pgDecisionListAfter(p: DecisionListPosition, param: (value: unknown) => string): string {
  const cmp = p.order === 'desc' ? '<' : '>';
  if (p.sort === 'created_at') {
    const at = fromMs(param(p.value));
    return `(created_at ${cmp} ${at} OR (created_at = ${at} AND decision_id ${cmp} ${param(p.id)}))`;
  }
  if (p.sort === 'risk_score' && p.value === null) {
    return p.order === 'desc' ? `(risk_score IS NULL AND decision_id < ${param(p.id)})` : `(risk_score IS NOT NULL OR decision_id > ${param(p.id)})`;
  }
  const rowValue = `(${p.sort}, decision_id) ${cmp} (${param(p.value)}, ${param(p.id)})`;
  return p.sort === 'risk_score' && p.order === 'desc' ? `(${rowValue} OR risk_score IS NULL)` : rowValue;
}
