import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TIMELINE_KINDS, type TimelineItem, type TimelineKind } from '../../../shared/schemas/timeline';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import type { ApiError } from '../api/client';
import { useRoute } from '../stores/route';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { TimeChart, type ChartMarker } from '../components/time-chart';
import { formatTime } from '../components/format';
import { fitRangeToData, timesWithValues, type TimeRange } from '../components/chart-range';
import { formatUtcWindow } from '../components/chart-axis-format';
import { zoomFromQuery, zoomToQuery } from '../components/zoom-query';

const WINDOWS: Record<string, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000 };

/** Each kind's colour token (light and dark values in styles.css). */
const KIND_COLOR: Record<TimelineKind, string> = {
  blocked: '--kind-blocked', review: '--kind-review', unblock: '--kind-unblock', runbook: '--kind-runbook',
  breaker: '--kind-breaker', alert: '--kind-alert', policy: '--kind-policy', queue: '--kind-queue',
};

/** Events drawn as lines on the charts: the ones that explain a change in the curves. */
const MARKED: ReadonlySet<TimelineKind> = new Set(['breaker', 'alert', 'policy', 'queue', 'unblock', 'runbook']);

/**
 * "What happened, in what order": the engine's series as charts on one time axis, and below them the timeline of
 * events (breaker transitions, alerts, blocks, reviews, policy activations) with who, marked on the charts too.
 */
export function TimelineScreen() {
  const { route, setQuery } = useRoute();
  const windowKey = route.query.window && route.query.window in WINDOWS ? route.query.window : '1h';
  // `?event=<id>` (a runbook action's result links here) marks that event and brings it into view.
  const focusEvent = route.query.event ?? null;
  const kinds = (route.query.kinds ?? '').split(',').filter((k): k is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(k));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const zoom = zoomFromQuery(route.query);
  const [zoomFrom, zoomTo] = zoom ?? [null, null];
  const requested: TimeRange = useMemo(() => [now - (WINDOWS[windowKey] as number), now], [now, windowKey]);

  const series = useOp('getSeries', {}, { refetchInterval: 10_000 });
  const timeline = useQuery<{ items: TimelineItem[] }, ApiError>({
    queryKey: ['getTimeline', { window: windowKey, kinds: kinds.join(','), zoomFrom }],
    queryFn: () => api.getTimeline({ from: new Date(zoomFrom ?? Date.now() - (WINDOWS[windowKey] as number)).toISOString(), limit: 1000, ...(kinds.length ? { kinds: kinds.join(',') } : {}) }),
    refetchInterval: 10_000,
  });
  // Zoomed, the list shows what happened in the charts' window.
  const items = useMemo(() => {
    const loaded = timeline.data?.items ?? [];
    return zoomFrom !== null && zoomTo !== null ? loaded.filter((i) => Date.parse(i.at) >= zoomFrom && Date.parse(i.at) <= zoomTo) : loaded;
  }, [timeline.data, zoomFrom, zoomTo]);
  const markers: ChartMarker[] = useMemo(
    () => items.filter((i) => MARKED.has(i.kind)).map((i) => ({ at: Date.parse(i.at), label: i.summary, color: KIND_COLOR[i.kind] })),
    [items],
  );

  const at = useMemo(() => series.data?.at ?? [], [series.data]);
  const line = (name: string, label: string, color: string) => ({ label, color, values: series.data?.values[name] ?? [] });
  const charts = useMemo(
    () => [
      { title: 'Throughput (per second)', yUnit: 'per-second' as const, series: [line('decisions_per_second', 'judged', '--series-1'), line('dequeued_per_second', 'claimed', '--series-2')] },
      { title: 'Decision lag p95', yUnit: 'ms' as const, series: [line('decision_lag_p95_ms', 'lag p95', '--series-3')] },
      { title: 'Waiting for people', yUnit: 'count' as const, series: [line('needs_review_tasks', 'needs review', '--series-3'), line('blocked_tasks', 'blocked', '--series-4')] },
      { title: 'Queue and breakers', yUnit: 'count' as const, series: [line('queue_depth', 'queue depth', '--series-5'), line('breakers_open', 'breakers open', '--series-4')] },
    ],
    [series.data],
  );
  // One x range for every chart: the zoomed window as dragged, else the window fitted to what there is to show.
  const range: TimeRange = useMemo(() => {
    if (zoomFrom !== null && zoomTo !== null) return [zoomFrom, zoomTo];
    const times = [...timesWithValues(at, charts.flatMap((c) => c.series.map((s) => s.values))), ...markers.map((m) => m.at)];
    return fitRangeToData(requested, times);
  }, [zoomFrom, zoomTo, requested, at, charts, markers]);
  const zoomCharts = (r: TimeRange) => setQuery(zoomToQuery(r));
  const resetZoom = () => { if (zoom) setQuery(zoomToQuery(null)); };

  const focusLoaded = items.some((i) => i.id === focusEvent);
  useEffect(() => {
    if (focusEvent && focusLoaded) document.getElementById(`event-${focusEvent}`)?.scrollIntoView({ block: 'nearest' });
  }, [focusEvent, focusLoaded]);

  const toggleKind = (k: TimelineKind) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    setQuery({ kinds: next.join(',') || undefined });
  };

  return (
    <div className="page">
      <div className="row">
        <h1>Timeline</h1>
        <label>
          Window{' '}
          <select value={windowKey} onChange={(e) => setQuery({ window: e.target.value, ...zoomToQuery(null) })}>
            {Object.keys(WINDOWS).map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </label>
        {zoom ? <button onClick={resetZoom}>Reset zoom</button> : null}
        <span className="muted">
          {zoom ? `Zoomed to ${formatUtcWindow(zoom[0], zoom[1])} UTC. ` : 'Drag across a chart to zoom, double-click to reset. '}
          Dashed lines mark breaker, alert, policy and queue events.
        </span>
      </div>
      {series.error ? <ErrorState error={series.error} /> : null}
      <div className="charts">
        {charts.map((c) => <TimeChart key={c.title} title={c.title} at={at} series={c.series} range={range} markers={markers} yUnit={c.yUnit} height={110} syncKey="timeline" onZoom={zoomCharts} onResetZoom={resetZoom} />)}
      </div>
      <div className="row" role="group" aria-label="Kinds">
        {TIMELINE_KINDS.map((k) => (
          <button key={k} aria-pressed={kinds.includes(k)} onClick={() => toggleKind(k)}>
            <span className="dot" style={{ background: `var(${KIND_COLOR[k]})` }} /> {k}
          </button>
        ))}
        {kinds.length ? <button onClick={() => setQuery({ kinds: undefined })}>All kinds</button> : null}
      </div>
      {timeline.error ? <ErrorState error={timeline.error} /> : null}
      {timeline.data && items.length === 0 ? <EmptyState>Nothing happened {zoom ? `between ${formatUtcWindow(zoom[0], zoom[1])} UTC` : `in the last ${windowKey}`}{kinds.length ? ` of kind ${kinds.join(', ')}` : ''}. Widen the window or the kinds.</EmptyState> : null}
      <ol className="events" aria-label="Events">
        {items.map((i) => (
          <li key={i.id} id={`event-${i.id}`} data-kind={i.kind} data-event={i.event_type} className={i.id === focusEvent ? 'focused' : undefined} aria-current={i.id === focusEvent ? 'true' : undefined}>
            <span className="muted mono">{formatTime(i.at)}</span>
            <span className="badge" style={{ color: `var(${KIND_COLOR[i.kind]})` }}>{i.kind}</span>
            <span>{i.summary}</span>
            <span className="muted">by {i.actor}</span>
            {i.link ? <Link to={i.link.ui}>{i.link.label}</Link> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
