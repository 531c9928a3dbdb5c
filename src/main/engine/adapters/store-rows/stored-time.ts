/**
 * Reads a stored time as the views show it (ISO 8601, UTC, milliseconds). Both stores hand these functions text:
 * SQLite its own 'YYYY-MM-DD HH:MM:SS.SSS' (or datetime()'s, without a fraction, from a hand-written runbook
 * INSERT); Postgres selects its timestamptz columns already as ISO text, which passes through unchanged.
 */
export function sqlTimeToIso(value: string): string {
  const base = value.includes('T') ? value : value.replace(' ', 'T');
  const withFraction = base.length === 19 ? `${base}.000` : base;
  return withFraction.endsWith('Z') ? withFraction : `${withFraction}Z`;
}

export function sqlTimeToIsoOrNull(value: string | null): string | null {
  return value === null ? null : sqlTimeToIso(value);
}

export function sqlTimeToMs(value: string): number {
  return Date.parse(sqlTimeToIso(value));
}
