import { DECISION_SORTS, type DecisionSort, type ListDecisionsInput, type SortOrder } from '../../../shared/schemas/decision';

export type DecisionListQuery = Omit<ListDecisionsInput, 'limit' | 'cursor' | 'sort' | 'order'> & { sort?: DecisionSort; order?: SortOrder };

const FILTER_KEYS = ['status', 'decision_type', 'task_id', 'finding_code', 'from', 'to'] as const;

/** Every filter and the sort live in the URL, so each view of the list can be shared and reloaded. */
export function decisionListQueryFrom(query: Record<string, string>): DecisionListQuery {
  const q: Record<string, string> = {};
  for (const k of FILTER_KEYS) if (query[k]) q[k] = query[k] as string;
  if ((DECISION_SORTS as readonly string[]).includes(query.sort ?? '')) q.sort = query.sort as string;
  if (query.order === 'asc' || query.order === 'desc') q.order = query.order;
  return q as DecisionListQuery;
}

export function hasFilters(q: DecisionListQuery): boolean {
  return FILTER_KEYS.some((k) => q[k] !== undefined);
}

/** The sort a column header asks for: the same column flips its order, another column starts descending. */
export function sortAfterHeaderClick(q: DecisionListQuery, column: DecisionSort): { sort: DecisionSort; order: SortOrder } {
  const sort = q.sort ?? 'created_at';
  const order = q.order ?? 'desc';
  if (sort === column) return { sort, order: order === 'desc' ? 'asc' : 'desc' };
  return { sort: column, order: 'desc' };
}
