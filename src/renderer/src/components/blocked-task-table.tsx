import type { TaskListItem } from '../../../shared/schemas/audit';
import { Link } from './link';
import { formatTime } from './format';

interface Props {
  tasks: readonly TaskListItem[];
  /** Present when the user may unblock: the rows get checkboxes and an Unblock button. */
  selection?: {
    selected: ReadonlySet<string>;
    toggle(taskId: string): void;
    /** Selects every row shown, or clears them when all are already selected. */
    toggleShown(): void;
    unblock(taskId: string): void;
  };
}

/** The tasks blocked now: one row each, with why, since when and the decision that blocked it. */
export function BlockedTaskTable({ tasks, selection }: Props) {
  const allShown = tasks.length > 0 && tasks.every((t) => selection?.selected.has(t.task_id));
  return (
    <div className="table">
      <table className="data blocked-tasks" aria-label="Blocked tasks">
        <colgroup>
          {selection ? <col className="select" /> : null}
          <col className="task" /><col className="type" /><col className="reason" /><col />
          <col className="time" /><col className="decision" />
          {selection ? <col className="action" /> : null}
        </colgroup>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="select">
                <input type="checkbox" aria-label="Select every task shown" checked={allShown} disabled={tasks.length === 0} onChange={selection.toggleShown} />
              </th>
            ) : null}
            <th scope="col">Task</th>
            <th scope="col">Type</th>
            <th scope="col">Reason</th>
            <th scope="col">Finding</th>
            <th scope="col">Last blocked (UTC)</th>
            <th scope="col">Decision</th>
            {selection ? <th scope="col"><span className="visually-hidden">Action</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.task_id} data-task={t.task_id} className={selection?.selected.has(t.task_id) ? 'selected' : undefined}>
              {selection ? (
                <td className="select">
                  <input type="checkbox" aria-label={`Select ${t.task_id}`} checked={selection.selected.has(t.task_id)} onChange={() => selection.toggle(t.task_id)} />
                </td>
              ) : null}
              <td><Link to={`/tasks/${encodeURIComponent(t.task_id)}`}>{t.task_id}</Link></td>
              <td>{t.decision_type}</td>
              <td><code>{t.reason_code ?? '—'}</code></td>
              <td className="muted" title={t.reason_message ?? ''}>{t.reason_message ?? ''}</td>
              <td className="muted">{formatTime(t.updated_at)}</td>
              <td className="mono">{t.last_decision_id ? <Link to={`/decisions/${encodeURIComponent(t.last_decision_id)}`}>{t.last_decision_id}</Link> : '—'}</td>
              {selection ? (
                <td><button onClick={() => selection.unblock(t.task_id)} aria-label={`Unblock ${t.task_id}`}>Unblock</button></td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
