import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../../src/main/engine/domain/cursor';
import { AppError } from '../../../../../src/shared/errors';

type Position = { created_at: string; seq: number };
const KEYS = { created_at: 'string', seq: 'number' } as const;

function decodeError(cursor: string): AppError {
  try {
    decodeCursor<Position>(cursor, KEYS);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`cursor ${JSON.stringify(cursor)} decoded without error`);
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor', () => {
  it('round-trips a position', () => {
    const position: Position = { created_at: '2024-05-01T10:00:00.000Z', seq: 1234 };
    expect(decodeCursor<Position>(encodeCursor(position), KEYS)).toEqual(position);
  });

  it('encodes to URL-safe text', () => {
    const cursor = encodeCursor({ created_at: '??>>~~ÿÿ', seq: 2 ** 40 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor<Position>(cursor, KEYS).seq).toBe(2 ** 40);
  });

  it('rejects a garbage cursor with bad_cursor', () => {
    expect(decodeError('not a cursor!!').code).toBe('bad_cursor');
    expect(decodeError('').code).toBe('bad_cursor');
  });

  it('rejects base64 that is not JSON', () => {
    expect(decodeError(b64('{created_at:')).code).toBe('bad_cursor');
  });

  it('rejects JSON that is not an object', () => {
    expect(decodeError(b64('null')).code).toBe('bad_cursor');
    expect(decodeError(b64('42')).code).toBe('bad_cursor');
  });

  it('rejects a cursor whose key has the wrong type', () => {
    const cursor = encodeCursor({ created_at: '2024-05-01T10:00:00.000Z', seq: '1234' });
    expect(decodeError(cursor).code).toBe('bad_cursor');
  });

  it('rejects a cursor with a missing key', () => {
    expect(decodeError(encodeCursor({ created_at: '2024-05-01T10:00:00.000Z' })).code).toBe('bad_cursor');
  });

  it('rejects forged numbers a date or a sequence cannot be: 1e308, fractions, beyond the date range', () => {
    for (const seq of [1e308, -1e308, 1.5, 8.7e15]) {
      expect(decodeError(b64(JSON.stringify({ created_at: 'x', seq }))).code).toBe('bad_cursor');
    }
    expect(decodeError(b64('{"created_at":"x","seq":1e999}')).code).toBe('bad_cursor');
  });

  it('maps to a 400', () => {
    expect(decodeError('%%%').status).toBe(400);
  });
});
