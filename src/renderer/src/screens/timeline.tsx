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
  const kinds = (route.query.kinds ?? '').split(',').filter((k): k is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(k));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const range: [number, number] = useMemo(() => [now - (WINDOWS[windowKey] as number), now], [now, windowKey]);

  const series = useOp('getSeries', {}, { refetchInterval: 10_000 });
  const timeline = useQuery<{ items: TimelineItem[] }, ApiError>({
    queryKey: ['getTimeline', { window: windowKey, kinds: kinds.join(',') }],
    queryFn: () => api.getTimeline({ from: new Date(Date.now() - (WINDOWS[windowKey] as number)).toISOString(), limit: 1000, ...(kinds.length ? { kinds: kinds.join(',') } : {}) }),
    refetchInterval: 10_000,
  });
  const items = timeline.data?.items ?? [];
  const markers: ChartMarker[] = items.filter((i) => MARKED.has(i.kind)).map((i) => ({ at: Date.parse(i.at), label: i.summary, color: KIND_COLOR[i.kind] }));

  const at = series.data?.at ?? [];
  const line = (name: string, label: string, color: string) => ({ label, color, values: series.data?.values[name] ?? [] });
  const charts = useMemo(
    () => [
      { title: 'Throughput (per second)', series: [line('decisions_per_second', 'judged', '--series-1'), line('dequeued_per_second', 'claimed', '--series-2')] },
      { title: 'Decision lag p95', unit: 'ms', series: [line('decision_lag_p95_ms', 'lag p95', '--series-3')] },
      { title: 'Waiting for people', series: [line('needs_review_tasks', 'needs review', '--series-3'), line('blocked_tasks', 'blocked', '--series-4')] },
      { title: 'Queue and breakers', series: [line('queue_depth', 'queue depth', '--series-5'), line('breakers_open', 'breakers open', '--series-4')] },
    ],
    [series.data],
  );

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
          <select value={windowKey} onChange={(e) => setQuery({ window: e.target.value })}>
            {Object.keys(WINDOWS).map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </label>
        <span className="muted">Charts and events share one time axis; dashed lines mark breaker, alert, policy and queue events.</span>
      </div>
      {series.error ? <ErrorState error={series.error} /> : null}
      <div className="charts">
        {charts.map((c) => <TimeChart key={c.title} title={c.title} at={at} series={c.series} range={range} markers={markers} unit={c.unit} height={110} />)}
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
      {timeline.data && items.length === 0 ? <EmptyState>Nothing happened in the last {windowKey}{kinds.length ? ` of kind ${kinds.join(', ')}` : ''}. Widen the window or the kinds.</EmptyState> : null}
      <ol className="events" aria-label="Events">
        {items.map((i) => (
          <li key={i.id} data-kind={i.kind} data-event={i.event_type}>
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
