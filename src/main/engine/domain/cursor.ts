import { AppError } from '../../../shared/errors';

/** The largest instant a Date can hold (ECMAScript's time range); every number in a cursor is within it. */
const MAX_CURSOR_NUMBER = 8.64e15;

const badCursor = () => new AppError('bad_cursor', 'cursor is not one this server handed out; start again without it');

/**
 * Opaque cursors: base64url JSON of the position after the last item. Clients must not build them,
 * so a cursor that does not decode is a 400 `bad_cursor`, not a silent first page, and a forged number
 * (1e308, a fraction, beyond what a date can hold) is refused here, before it reaches a query or a formatter.
 */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string,
  keys: { [K in keyof T]: 'string' | 'number' },
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badCursor();
  for (const [key, type] of Object.entries(keys)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value !== type) throw badCursor();
    if (typeof value === 'number' && !(Number.isInteger(value) && Math.abs(value) <= MAX_CURSOR_NUMBER)) throw badCursor();
    if (typeof value === 'string' && value.length > 256) throw badCursor();
  }
  return parsed as T;
}
