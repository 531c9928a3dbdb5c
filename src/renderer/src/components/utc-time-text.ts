/** A typed UTC time (`2026-12-03 07:30`, `2026-12-03T07:30`, `2026-12-03 07:30:15`, or a date alone for 00:00). */
const UTC_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(?:Z|UTC)?$/i;

export type UtcTextParse = { ok: true; iso: string | null } | { ok: false; message: string };

/** The ISO instant of a typed UTC time; empty text clears the field. Impossible dates (2026-02-30) are refused, not rolled over. */
export function parseUtcText(text: string): UtcTextParse {
  const value = text.trim();
  if (value === '') return { ok: true, iso: null };
  const m = UTC_TEXT.exec(value);
  if (!m) return { ok: false, message: `"${value}" is not a UTC time: use YYYY-MM-DD HH:MM, e.g. 2026-12-03 07:30` };
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const exact = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  if (!exact) return { ok: false, message: `"${value}" is not a real date and time (month 01-12, day of that month, hour 00-23, minute 00-59)` };
  return { ok: true, iso: d.toISOString() };
}

/** How an ISO instant reads in the field: `2026-12-03 07:30` (seconds only when there are some). */
export function formatUtcText(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const text = new Date(ms).toISOString();
  const seconds = text.slice(17, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}
