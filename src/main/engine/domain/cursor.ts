import { AppError } from '../../../shared/errors';

/**
 * Opaque cursors: base64url JSON of the position after the last item. Clients must not build them,
 * so a cursor that does not decode is a 400, not a silent first page.
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
    throw new AppError('validation_failed', 'cursor is not one this server handed out');
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new AppError('validation_failed', 'cursor is not one this server handed out');
  }
  for (const [key, type] of Object.entries(keys)) {
    if (typeof (parsed as Record<string, unknown>)[key] !== type) {
      throw new AppError('validation_failed', 'cursor is not one this server handed out');
    }
  }
  return parsed as T;
}
