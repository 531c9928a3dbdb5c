import { AppError } from '../../../shared/errors';
import type { DecisionSort, SortOrder } from '../../../shared/schemas/decision';
import { decodeCursor, encodeCursor } from './cursor';

/**
 * Where a page of the decisions list ends: the sort it was read in and the last row's sort key and id.
 * `value` is ms since the epoch for created_at, null for a decision without a risk score yet.
 */
export interface DecisionListPosition {
  sort: DecisionSort;
  order: SortOrder;
  value: string | number | null;
  id: string;
}

const badCursor = () => new AppError('bad_cursor', 'cursor belongs to another sort or was not handed out by this server; start again without it');

export function encodeDecisionListCursor(p: DecisionListPosition): string {
  return encodeCursor({ s: p.sort, o: p.order, ...(p.value === null ? {} : { v: p.value }), id: p.id });
}

/** A cursor read in another sort or order would skip or repeat rows, so it is refused rather than reinterpreted. */
export function decodeDecisionListCursor(cursor: string, sort: DecisionSort, order: SortOrder): DecisionListPosition {
  const raw = decodeCursor<{ s: string; o: string; id: string }>(cursor, { s: 'string', o: 'string', id: 'string' });
  if (raw.s !== sort || raw.o !== order) throw badCursor();
  const value = (raw as Record<string, unknown>).v;
  if (sort === 'risk_score') {
    // Scores are fractional, so the integer check decodeCursor applies to times does not fit them.
    if (value === undefined) return { sort, order, value: null, id: raw.id };
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badCursor();
    return { sort, order, value, id: raw.id };
  }
  // created_at positions are whole milliseconds; the text sorts hold a status or type name.
  const typed = decodeCursor<{ v: number | string }>(cursor, { v: sort === 'created_at' ? 'number' : 'string' });
  return { sort, order, value: typed.v, id: raw.id };
}
