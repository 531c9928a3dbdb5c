import { useQuery } from '@tanstack/react-query';
import { hasScope } from '../../../shared/scopes';
import type { CheckReport } from '../../../shared/schemas/checks';
import type { RunbookIncidentView } from '../../../shared/schemas/runbook';
import type { ApiError } from '../api/client';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { useRoute } from '../stores/route';
import { useSession } from '../stores/session';
import { openAction } from '../stores/action-flow';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { Prose } from '../components/prose';
import { CheckResults } from '../components/check-results';
import { formatTime } from '../components/format';

export const incidentPath = (id: string) => `/runbook?incident=${encodeURIComponent(id)}`;

/** RUNBOOK.md's incidents: pick what you see, run its checks, run the actions that fix it. */
export function RunbookScreen() {
  const { route } = useRoute();
  const incidents = useOp('listIncidents', {}, { staleTime: Infinity });
  const items = incidents.data?.items ?? [];
  const selected = items.find((i) => i.id === route.query.incident) ?? null;
  return (
    <div className="page">
      <h1>Runbook</h1>
      {incidents.error ? <ErrorState error={incidents.error} /> : null}
      <div className="runbook">
        <nav aria-label="Incidents" className="incident-list">
          <ul>
            {items.map((i) => (
              <li key={i.id}>
                <Link to={incidentPath(i.id)} current={i.id === selected?.id}>{i.title ?? i.id}</Link>
              </li>
            ))}
          </ul>
        </nav>
        {selected ? <IncidentView key={selected.id} incident={selected} /> : incidents.data ? <EmptyState>Pick the incident that matches what you see: its checks say what is wrong, its actions fix it.</EmptyState> : null}
      </div>
    </div>
  );
}

function IncidentView({ incident }: { incident: RunbookIncidentView }) {
  const scopes = useSession((s) => s.scopes);
  const actions = useOp('listActions', {}, { staleTime: Infinity });
  const ids = incident.checks.join(',');
  // Run on request only (a live event does not re-run them): the result shown is the one the operator asked for.
  const checks = useQuery<CheckReport, ApiError>({ queryKey: ['incident-checks', ids], queryFn: () => api.runChecks({ ids }), enabled: false, gcTime: 0 });
  return (
    <section className="incident" aria-label={incident.title ?? incident.id}>
      <h2 className="section-title">{incident.title ?? incident.id}</h2>
      <Prose markdown={incident.symptoms} />
      <div className="row">
        <h3 className="section-title">Checks</h3>
        <button className="primary" onClick={() => void checks.refetch()} disabled={checks.isFetching}>{checks.isFetching ? 'Running checks…' : 'Run checks'}</button>
        {checks.data ? <span className="muted small">run at {formatTime(checks.data.at)} UTC</span> : null}
      </div>
      {checks.error ? <ErrorState error={checks.error} /> : null}
      {checks.data ? <CheckResults checks={checks.data.checks} /> : <div className="muted">{incident.checks.map((c) => <code key={c}>{c} </code>)}</div>}
      <h3 className="section-title">Actions</h3>
      {incident.actions.length === 0 ? <div className="muted">No action fixes this by itself yet: the text above says what to do by hand.</div> : null}
      {actions.error ? <ErrorState error={actions.error} /> : null}
      <div className="row">
        {incident.actions.map((id) => {
          const a = actions.data?.items.find((x) => x.id === id);
          if (!a) return <code key={id} className="muted">{id}</code>;
          const allowed = hasScope(scopes, a.scope);
          return (
            <button key={id} onClick={() => openAction(id)} disabled={!allowed} title={allowed ? a.description : `needs a key with the '${a.scope}' scope`}>
              {a.title}
            </button>
          );
        })}
      </div>
    </section>
  );
}
