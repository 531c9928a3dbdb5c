import { useOp } from '../api/queries';
import { ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { formatMs } from '../components/format';
import { TimeChart } from '../components/time-chart';
import { fitRangeToData, timesWithValues } from '../components/chart-range';
import type { YUnit } from '../components/chart-axis-format';
import { attentionItems, type AttentionItem } from '../components/attention-items';
import { useFailingChecks } from '../components/use-failing-checks';
import { incidentPath } from './runbook';


/** What needs attention first, then the figures: queue, lag, status mix, blocked reasons. */
export function OverviewScreen() {
  const queue = useOp('getQueue', {}, { refetchInterval: 10_000 });
  const lag = useOp('statsDecisionLag', { window: '1h' });
  const types = useOp('statsDecisionTypes', { window: '1h' });
  const blocked = useOp('statsBlockedReasons', { window: '24h', top_n: 5 });
  const series = useOp('getSeries', { names: 'decisions_per_second,decision_lag_p95_ms,queue_depth,breakers_open' }, { refetchInterval: 10_000 });
  const attention = useOp('getAttention', {}, { refetchInterval: 10_000 });
  const error = attention.error ?? queue.error ?? lag.error ?? types.error ?? blocked.error;

  const failing = useFailingChecks();
  const items: AttentionItem[] = attention.data ? attentionItems(attention.data) : [];
  if ((lag.data?.p95_ms ?? 0) > 5_000) items.push({ id: 'lag', text: `Decision lag p95 is ${formatMs(lag.data?.p95_ms)} (alert above 5 s).`, to: '/decisions', level: 'danger' });
  const processes = queue.data?.workers.processes ?? [];
  if (queue.data && processes.length === 0 && queue.data.depth > 0) {
    items.push({ id: 'no-workers', text: `No worker process is alive: ${queue.data.depth} job(s) wait and nothing judges them.`, to: '/decisions?status=queued', level: 'danger' });
  }
  if ((queue.data?.oldest_ready_age_ms ?? 0) > 600_000) items.push({ id: 'oldest-job', text: `The oldest queued job waits ${formatMs(queue.data?.oldest_ready_age_ms)}.`, to: '/decisions?status=queued', level: 'warn' });

  const byStatus: Record<string, number> = {};
  for (const t of types.data?.types ?? []) for (const [s, n] of Object.entries(t.by_status)) byStatus[s] = (byStatus[s] ?? 0) + n;

  return (
    <div className="page">
      <h1>Overview</h1>
      {error ? <ErrorState error={error} /> : null}
      {items.length + failing.length > 0 ? (
        <ul className="attention-list" aria-label="Needs attention">
          {failing.map(({ check, incidents }) => (
            <li key={check.id} className="attention" data-attention={`check-${check.id}`}>
              Check {check.title} fails: {check.summary} Runbook:{' '}
              {incidents.map((i, n) => <span key={i.id}>{n > 0 ? ', ' : ''}<Link to={incidentPath(i.id)}>{i.title ?? i.id}</Link></span>)}
            </li>
          ))}
          {items.map((a) => (
            <li key={a.id} className={`attention ${a.level === 'danger' ? '' : a.level}`} data-attention={a.id}>
              {a.text} <Link to={a.to}>Look</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {attention.data && items.length + failing.length === 0 ? <div className="muted">Nothing needs attention right now.</div> : null}
      <div className="cards" aria-label="Queue">
        <Card label="Queue depth" value={queue.data?.depth} />
        <Card label="Ready / delayed / leased" value={queue.data ? `${queue.data.ready} / ${queue.data.delayed} / ${queue.data.leased}` : undefined} />
        <Card label="Dead-lettered" value={queue.data?.dead} />
        <Card label="Oldest job waits" value={queue.data ? formatMs(queue.data.oldest_ready_age_ms) : undefined} />
        <Card
          label="Worker processes"
          value={queue.data ? `${processes.length} (${processes.reduce((n, p) => n + p.concurrency, 0)} loops)` : undefined}
          title={processes.map((p) => `${p.host} pid ${p.pid}: ${p.concurrency} loop(s), last beat ${new Date(p.last_beat_at).toLocaleTimeString()}`).join('\n')}
        />
        {queue.data && queue.data.workers.concurrency > 0 ? (
          <Card label="Workers busy here" value={`${queue.data.workers.busy} of ${queue.data.workers.concurrency}`} />
        ) : null}
      </div>
      <div className="cards" aria-label="Last hour">
        <Card label="Judged in the last hour" value={types.data?.total} />
        <Card label="Decision lag p50 (1 h)" value={lag.data ? formatMs(lag.data.p50_ms) : undefined} />
        <Card label="Decision lag p95 (1 h)" value={lag.data ? formatMs(lag.data.p95_ms) : undefined} />
        {['approved', 'needs_review', 'blocked', 'failed'].map((s) => (
          <Card key={s} label={`${s.replace('_', ' ')} (1 h)`} value={types.data ? (byStatus[s] ?? 0) : undefined} to={`/decisions?status=${s}`} />
        ))}
      </div>
      {series.data && series.data.at.length > 1 ? (
        <section aria-label="Last hour charts" className="charts">
          <OverviewChart title="Decisions judged per second" name="decisions_per_second" yUnit="per-second" data={series.data} />
          <OverviewChart title="Decision lag p95" name="decision_lag_p95_ms" yUnit="ms" data={series.data} />
          <OverviewChart title="Queue depth" name="queue_depth" yUnit="count" data={series.data} />
          <OverviewChart title="Breakers open" name="breakers_open" yUnit="count" data={series.data} />
        </section>
      ) : null}
      <section>
        <h2 className="section-title">Top blocked reasons, last 24 h</h2>
        {blocked.data && blocked.data.reasons.length === 0 ? (
          <div className="empty">No decision was blocked in the last 24 hours. A redline hit (sanctions, amount over the hard limit, a forbidden tool) would be counted here by its finding code.</div>
        ) : null}
        {blocked.data && blocked.data.reasons.length > 0 ? (
          <div className="table compact">
            <table className="data" aria-label="Top blocked reasons">
              <thead>
                <tr><th scope="col">Finding code</th><th scope="col" className="num">Blocked decisions</th></tr>
              </thead>
              <tbody>
                {blocked.data.reasons.map((r) => (
                  <tr key={r.reason_code ?? 'none'}>
                    <td>
                      <Link to={`/decisions?status=blocked${r.reason_code ? `&finding_code=${encodeURIComponent(r.reason_code)}` : ''}`}>
                        <code>{r.reason_code ?? '(no code)'}</code>
                      </Link>
                    </td>
                    <td className="num">{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function Card({ label, value, to, title }: { label: string; value: string | number | undefined; to?: string; title?: string }) {
  const body = <div className="value">{value === undefined ? '…' : value}</div>;
  return (
    <div className={to ? 'card linked' : 'card'} title={title || undefined}>
      <div className="label">{label}</div>
      {to ? <Link to={to}>{body}</Link> : body}
    </div>
  );
}

const HOUR = 3_600_000;

function OverviewChart({ title, name, yUnit, data }: { title: string; name: string; yUnit: YUnit; data: { at: number[]; values: Record<string, (number | null)[]> } }) {
  const end = data.at.at(-1) ?? Date.now();
  const values = data.values[name] ?? [];
  const range = fitRangeToData([end - HOUR, end], timesWithValues(data.at, [values]));
  return <TimeChart title={`${title} (1 h)`} at={data.at} series={[{ label: title, color: '--series-1', values }]} range={range} height={90} yUnit={yUnit} />;
}
