import type { TimeRange } from './chart-range';

/** A zoomed window from the URL (`from` and `to`, ISO UTC), or null when absent, unreadable or empty. */
export function zoomFromQuery(query: Record<string, string | undefined>): TimeRange | null {
  if (!query.from || !query.to) return null;
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? [from, to] : null;
}

/** The query for a zoomed window, to the second (a drag is not finer than that); undefined values clear it. */
export function zoomToQuery(zoom: TimeRange | null): { from: string | undefined; to: string | undefined } {
  if (!zoom) return { from: undefined, to: undefined };
  const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return { from: iso(zoom[0]), to: iso(zoom[1]) };
}
