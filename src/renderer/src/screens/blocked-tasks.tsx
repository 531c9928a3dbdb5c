import { useOp } from '../api/queries';
import { useRoute } from '../stores/route';
import { useCan } from '../stores/session';
import { unblockTask } from '../commands';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { BarChart } from '../components/bar-chart';
import { formatTime } from '../components/format';

const WINDOWS = ['1h', '24h', '7d', '30d'];

/**
 * Why tasks are blocked: the top reasons over a window (a chart), the tasks blocked now for the chosen reason,
 * and a manual unblock that requires a reason (MANUAL_UNBLOCK in the task's trace).
 */
export function BlockedTasksScreen() {
  const { route, setQuery } = useRoute();
  const window = WINDOWS.includes(route.query.window ?? '') ? (route.query.window as string) : '24h';
  const reason = route.query.reason;
  const reasons = useOp('statsBlockedReasons', { window, top_n: 10 });
  const tasks = useOp('listTasks', { status: 'BLOCKED', limit: 500, ...(reason ? { reason_code: reason } : {}) });
  const canUnblock = useCan('operate');

  return (
    <div className="page">
      <div className="row">
        <h1>Blocked tasks</h1>
        <label>
          Window{' '}
          <select value={window} onChange={(e) => setQuery({ window: e.target.value })}>
            {WINDOWS.map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </label>
        {reasons.data ? <span className="muted">{reasons.data.total_blocked} blocked decision(s) on {reasons.data.blocked_tasks} task(s) in {window}</span> : null}
      </div>
      {reasons.error ? <ErrorState error={reasons.error} /> : null}
      <section aria-label="Top blocked reasons">
        <h2 className="section-title">Top blocked reasons, last {window}</h2>
        {reasons.data && reasons.data.reasons.length === 0 ? <EmptyState>No decision was blocked in the last {window}. Try a longer window.</EmptyState> : null}
        <BarChart
          label={`Blocked decisions per reason code, last ${window}`}
          bars={(reasons.data?.reasons ?? []).map((r) => ({ key: r.reason_code ?? '', label: r.reason_code ?? '(no code)', value: r.count }))}
          selected={reason ?? null}
          onSelect={(key) => setQuery({ reason: key === reason ? undefined : key })}
        />
      </section>
      <section aria-label="Tasks blocked now" className="grow">
        <div className="row">
          <h2 className="section-title">Tasks blocked now{reason ? <> for <code>{reason}</code></> : null}</h2>
          {reason ? <button onClick={() => setQuery({ reason: undefined })}>Show every reason</button> : null}
          {!canUnblock ? <span className="muted">Your key has no 'operate' scope: you can look but not unblock.</span> : null}
        </div>
        {tasks.error ? <ErrorState error={tasks.error} /> : null}
        {tasks.data && tasks.data.items.length === 0 ? (
          <EmptyState>No task is blocked{reason ? ` for ${reason}` : ''} right now. New blocks appear here as they happen.</EmptyState>
        ) : null}
        <div className="table" role="table" aria-label="Blocked tasks">
          {(tasks.data?.items ?? []).map((t) => (
            <div key={t.task_id} className="table-row blocked-row" role="row" data-task={t.task_id}>
              <span role="cell"><Link to={`/tasks/${encodeURIComponent(t.task_id)}`}>{t.task_id}</Link></span>
              <span role="cell">{t.decision_type}</span>
              <span role="cell"><code>{t.reason_code ?? '—'}</code></span>
              <span role="cell" className="muted" title={t.reason_message ?? ''}>{t.reason_message ?? ''}</span>
              <span role="cell" className="muted">{formatTime(t.updated_at)}</span>
              <span role="cell">
                {canUnblock ? <button onClick={() => void unblockTask(t.task_id)} aria-label={`Unblock ${t.task_id}`}>Unblock</button> : null}
              </span>
            </div>
          ))}
        </div>
        {tasks.data?.next_cursor ? <div className="muted">Showing the 500 most recent; filter by a reason to narrow.</div> : null}
      </section>
    </div>
  );
}
