/**
 * Timestamps are stored the way SQLite's own datetime() writes them ('YYYY-MM-DD HH:MM:SS.SSS', UTC), so
 * the runbooks' SQL (`created_at >= datetime('now', '-1 hour')`, julianday(...)) compares and computes
 * correctly on our columns. ISO 8601 with a 'T' would sort wrongly against datetime()'s space.
 */
let lastMs = Number.NaN;
let lastText = '';

export function toSqlTime(ms: number): string {
  // A busy pipeline formats the same millisecond many times over; Date formatting showed up in profiles.
  // Format first, remember after: a value Date cannot hold throws here and must not leave the cache half-updated.
  if (ms !== lastMs) {
    const text = new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
    lastMs = ms;
    lastText = text;
  }
  return lastText;
}

export function toSqlTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : toSqlTime(ms);
}
