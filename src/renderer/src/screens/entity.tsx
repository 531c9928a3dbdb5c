import { useState } from 'react';
import { ENTITY_KINDS, type EntityKind } from '../../../shared/entities';
import { DECISION_STATUSES } from '../../../shared/schemas/decision';
import type { EntityView } from '../../../shared/schemas/entity';
import { useOp } from '../api/queries';
import { useEscapeGoesBack } from '../keyboard/go-keys';
import { useRoute } from '../stores/route';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { StatusBadge } from '../components/status-badge';
import { CopyCurl } from '../components/copy-curl';
import { formatTime } from '../components/format';

const PAGE = 50;

const isKind = (k: string | undefined): k is EntityKind => (ENTITY_KINDS as readonly string[]).includes(k ?? '');

/** One customer, merchant, affiliate or agent: its decisions by status, first and last seen, top findings, and every decision, paged. */
export function EntityScreen({ entityId }: { entityId: string }) {
  useEscapeGoesBack();
  const { route, setQuery } = useRoute();
  const kind = isKind(route.query.kind) ? route.query.kind : undefined;
  // The cursors of the pages before the one shown: Older pushes, Newer pops.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const entity = useOp('getEntity', { entity_id: entityId, limit: PAGE, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) }, { placeholderData: (previous) => previous });
  const e = entity.data;
  const setKind = (k: string) => {
    setCursors([]);
    setQuery({ kind: k });
  };
  const apiPath = `/api/entities/${encodeURIComponent(entityId)}${kind ? `?kind=${kind}` : ''}`;

  return (
    <div className="page">
      <div className="row">
        <h1>Entity <span className="mono">{entityId}</span></h1>
        {e ? <span className="muted">{e.found_as.length ? `seen as ${e.found_as.join(', ')}` : 'named by no decision'}</span> : null}
        <CopyCurl path={apiPath} />
      </div>
      {entity.error ? <ErrorState error={entity.error} /> : null}
      {e && e.found_as.length > 1 ? (
        <label>
          As{' '}
          <select value={kind ?? ''} onChange={(ev) => setKind(ev.target.value)}>
            <option value="">any kind</option>
            {e.found_as.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
      ) : null}
      <div className="cards" aria-label="Entity counts">
        <Card label="Decisions" value={e?.decisions} />
        <Card label="Tasks" value={e?.tasks} />
        {DECISION_STATUSES.map((s) => <Card key={s} label={s.replace('_', ' ')} value={e?.by_status[s]} />)}
        <Card label="First seen" value={e ? (e.first_seen ? formatTime(e.first_seen) : '—') : undefined} />
        <Card label="Last seen" value={e ? (e.last_seen ? formatTime(e.last_seen) : '—') : undefined} />
      </div>
      {e?.affiliate_trust ? <AffiliateTrustCards trust={e.affiliate_trust} /> : null}
      <section aria-label="Top findings">
        <h2 className="section-title">Top findings</h2>
        {e && e.top_findings.length === 0 ? <div className="muted">No rule hit any of these decisions.</div> : null}
        {e && e.top_findings.length ? (
          <div className="table">
            <table className="data">
              <thead><tr><th>Finding code</th><th>Decisions</th></tr></thead>
              <tbody>
                {e.top_findings.map((f) => (
                  <tr key={f.code}><td><code>{f.code}</code></td><td>{f.decisions}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-label="Entity decisions">
        <h2 className="section-title">Decisions, newest first</h2>
        {e && e.decisions === 0 ? <EmptyState>No decision in this workspace names {entityId}{kind ? ` as a ${kind}` : ''}.</EmptyState> : null}
        {e && e.items.length ? (
          <div className="table">
            <table className="data entity-decisions" aria-label="Decisions of this entity">
              <colgroup><col className="time" /><col className="decision" /><col className="type" /><col className="status" /><col /><col className="finding" /></colgroup>
              <thead><tr><th>Time</th><th>Decision</th><th>Type</th><th>Status</th><th>Task</th><th>Top finding</th></tr></thead>
              <tbody>
                {e.items.map((d) => (
                  <tr key={d.decision_id}>
                    <td>{formatTime(d.created_at)}</td>
                    <td><Link to={`/decisions/${encodeURIComponent(d.decision_id)}`}><span className="mono">{d.decision_id}</span></Link></td>
                    <td>{d.decision_type}</td>
                    <td><StatusBadge status={d.status} /></td>
                    <td><Link to={`/tasks/${encodeURIComponent(d.task_id)}`}><span className="mono">{d.task_id}</span></Link></td>
                    <td>{d.findings[0] ? <code>{d.findings[0].code}</code> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div className="row">
          <button onClick={() => setCursors((c) => c.slice(0, -1))} disabled={cursors.length === 0}>← Newer</button>
          <button onClick={() => e?.next_cursor && setCursors((c) => [...c, e.next_cursor as string])} disabled={!e?.next_cursor}>Older →</button>
          {e ? <span className="muted">Page {cursors.length + 1} · {e.items.length} of {e.decisions.toLocaleString()} shown</span> : null}
        </div>
      </section>
    </div>
  );
}

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** signals.affiliate_trust_score and its parts, as the affiliate's newest judged reconciliation computed them. */
function AffiliateTrustCards({ trust }: { trust: NonNullable<EntityView['affiliate_trust']> }) {
  return (
    <section aria-label="Affiliate trust">
      <h2 className="section-title">Affiliate trust</h2>
      <div className="cards">
        <Card label="Trust score" value={trust.score.toFixed(3)} />
        <Card label="Overclaimed" value={percent(trust.overclaimed_share)} />
        <Card label="Missing reports" value={percent(trust.missing_share)} />
        <Card label="Reports" value={trust.reports} />
      </div>
      <div className="muted">
        The share of its last {trust.reports} reconciliation report(s) neither overclaimed nor missing, as of{' '}
        <Link to={`/decisions/${encodeURIComponent(trust.decision_id)}`}><span className="mono">{trust.decision_id}</span></Link> ({formatTime(trust.as_of)}); policies read it as <code>signals.affiliate_trust_score</code>.
      </div>
    </section>
  );
}

function Card({ label, value }: { label: string; value: string | number | undefined }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="label">{label}</div>
      <div className="value">{value === undefined ? '…' : value}</div>
    </div>
  );
}
