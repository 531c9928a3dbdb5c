/** Times as operators read them side by side with logs and SQL: UTC, to the second. */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

/** The time of day only (lists within one day). */
export function formatClock(iso: string): string {
  return iso.slice(11, 19);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An age or a wait as people say it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
