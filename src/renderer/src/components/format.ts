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
