import { useEffect, useState } from 'react';
import { hasScope } from '../../../shared/scopes';
import { useOp } from '../api/queries';
import { useSession } from '../stores/session';
import { openAction } from '../stores/action-flow';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { formatTime } from '../components/format';
import { deadLetterActions } from '../components/dead-letter-actions';

const STATES = ['ready', 'delayed', 'leased', 'dead'] as const;

/** Sidekiq's Dead tab: the queue's counts per state, the dead-lettered jobs, and the dead-letter actions on a selection. */
export function DeadLettersScreen() {
  const queue = useOp('getQueue', {}, { refetchInterval: 10_000 });
  const dead = useOp('listDeadJobs', {}, { refetchInterval: 10_000 });
  const actions = useOp('listActions', {}, { staleTime: Infinity });
  const scopes = useSession((s) => s.scopes);
  const offered = deadLetterActions(actions.data?.items ?? []).filter((a) => hasScope(scopes, a.scope));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const jobs = dead.data?.items ?? [];
  // A job that left the list (retried, discarded) is no longer selected.
  const listed = jobs.map((j) => j.job_id).join(',');
  useEffect(() => setSelected((s) => new Set([...s].filter((id) => listed.split(',').includes(id)))), [listed]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };
  const allShown = jobs.length > 0 && jobs.every((j) => selected.has(j.job_id));

  return (
    <div className="page">
      <h1>Dead letters</h1>
      {queue.error ?? dead.error ? <ErrorState error={queue.error ?? dead.error} /> : null}
      <section className="cards" aria-label="Jobs per state">
        {STATES.map((s) => (
          <div key={s} className={`card${s === 'dead' && (queue.data?.dead ?? 0) > 0 ? ' dead' : ''}`} data-state={s}>
            <div className="label">{s}</div>
            <div className="value">{queue.data ? queue.data[s] : '…'}</div>
          </div>
        ))}
        {queue.data?.paused ? <div className="card"><div className="label">queue</div><div className="value">paused</div></div> : null}
      </section>
      {offered.length > 0 && jobs.length > 0 ? (
        <div className="row" role="group" aria-label="Dead-letter actions">
          {offered.map((a) => (
            <button key={a.id} title={a.description} onClick={() => openAction(a.id, selected.size > 0 ? { job_ids: [...selected] } : {})}>
              {a.title}: {selected.size > 0 ? `${selected.size} selected` : 'all'}
            </button>
          ))}
          {selected.size === 0 ? <span className="muted small">Nothing selected: the action previews every dead letter (the oldest 500).</span> : null}
        </div>
      ) : null}
      {dead.data && jobs.length === 0 ? <EmptyState>No dead-lettered job. A job lands here when its decision failed every attempt; its decision shows failed with the reason.</EmptyState> : null}
      {jobs.length > 0 ? (
        <div className="table">
          <table className="data dead-letters" aria-label="Dead-lettered jobs">
            <thead>
              <tr>
                <th scope="col" className="select"><input type="checkbox" aria-label="Select every dead letter shown" checked={allShown} onChange={() => setSelected(allShown ? new Set() : new Set(jobs.map((j) => j.job_id)))} /></th>
                <th scope="col" className="job">Job</th>
                <th scope="col" className="decision">Decision</th>
                <th scope="col" className="task">Task</th>
                <th scope="col" className="num attempts">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col" className="time">Failed (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.job_id} data-job={j.job_id} className={selected.has(j.job_id) ? 'selected' : undefined}>
                  <td className="select"><input type="checkbox" aria-label={`Select ${j.job_id}`} checked={selected.has(j.job_id)} onChange={() => toggle(j.job_id)} /></td>
                  <td className="mono job" title={j.job_id}>{j.job_id}</td>
                  <td className="mono"><Link to={`/decisions/${encodeURIComponent(j.decision_id)}`}>{j.decision_id}</Link></td>
                  <td><Link to={`/tasks/${encodeURIComponent(j.task_id)}`}>{j.task_id}</Link></td>
                  <td className="num">{j.attempts}</td>
                  <td className="muted" title={j.last_error ?? ''}>{j.last_error ?? '—'}</td>
                  <td className="muted">{formatTime(j.failed_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {queue.data && jobs.length > 0 && queue.data.dead > jobs.length ? <div className="muted small">Showing {jobs.length} of {queue.data.dead} dead letters.</div> : null}
    </div>
  );
}
