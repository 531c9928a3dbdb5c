/** The windows the New silence dialog offers, and its UTC date-time fields (the engine and the runbooks speak UTC). */
export interface SilenceWindow {
  startsAt: string;
  endsAt: string;
}

const HOUR = 3_600_000;

export const SILENCE_PRESETS = [
  { label: '1 h', window: (now: number) => span(now, now + HOUR) },
  { label: '4 h', window: (now: number) => span(now, now + 4 * HOUR) },
  { label: 'Until tomorrow 09:00 UTC', window: (now: number) => span(now, tomorrowAt9Utc(now)) },
] as const;

function span(from: number, to: number): SilenceWindow {
  return { startsAt: toUtcField(from), endsAt: toUtcField(to) };
}

function tomorrowAt9Utc(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 9);
}

/** A UTC time as the dialog's fields show it: `2026-03-02T09:00`. */
export function toUtcField(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 16);
}

/** The ISO timestamp of a UTC field, or null when the field is empty or not a date. */
export function fromUtcField(value: string): string | null {
  const text = value.trim().replace(' ', 'T');
  const ms = Date.parse(`${text}:00Z`);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
