import { useEffect, useState } from 'react';
import { useOp } from '../api/queries';
import { allBlockedTaskIds } from '../api/blocked-task-ids';
import { useRoute } from '../stores/route';
import { useCan } from '../stores/session';
import { unblockTask } from '../commands';
import { unblockTasks } from '../bulk-unblock';
import { EmptyState, ErrorState } from '../components/feedback';
import { BarChart } from '../components/bar-chart';
import { BlockedTaskTable } from '../components/blocked-task-table';

const WINDOWS = ['1h', '24h', '7d', '30d'];

/**
 * The tasks blocked now: per reason (a chart whose bars filter the table to exactly their count), as a table, and
 * unblocked one by one or in bulk with one reason (MANUAL_UNBLOCK in each task's trace). Blocked decisions over a
 * window are a different unit, shown as a labelled line only.
 */
export function BlockedTasksScreen() {
  const { route, setQuery } = useRoute();
  const window = WINDOWS.includes(route.query.window ?? '') ? (route.query.window as string) : '24h';
  const reason = route.query.reason || undefined;
  const perReason = useOp('statsBlockedTasks', { top_n: 100 });
  const decisions = useOp('statsBlockedReasons', { window, top_n: 1 });
  const tasks = useOp('listTasks', { status: 'BLOCKED', limit: 500, ...(reason ? { reason_code: reason } : {}) });
  const canUnblock = useCan('operate');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setSelected(new Set()), [reason]);

  const shown = tasks.data?.items ?? [];
  const reasons = perReason.data?.reasons ?? [];
  const withoutCode = reasons.find((r) => r.reason_code === null)?.count ?? 0;
  const matching = reason ? (reasons.find((r) => r.reason_code === reason)?.count ?? shown.length) : (perReason.data?.blocked_tasks ?? shown.length);

  const toggle = (taskId: string) => {
    const next = new Set(selected);
    if (!next.delete(taskId)) next.add(taskId);
    setSelected(next);
  };
  const toggleShown = () => setSelected(shown.every((t) => selected.has(t.task_id)) ? new Set() : new Set(shown.map((t) => t.task_id)));
  const selectAllMatching = async () => setSelected(new Set(tasks.data?.next_cursor ? await allBlockedTaskIds(reason) : shown.map((t) => t.task_id)));
  const unblockSelected = async () => {
    if (await unblockTasks([...selected])) setSelected(new Set());
  };

  return (
    <div className="page">
      <div className="row">
        <h1>Blocked tasks</h1>
        {perReason.data ? <span>{perReason.data.blocked_tasks} task(s) blocked now</span> : null}
        <span className="muted">
          Blocked decisions in the last{' '}
          <select aria-label="Window for blocked decisions" value={window} onChange={(e) => setQuery({ window: e.target.value })}>
            {WINDOWS.map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
          {decisions.data ? `: ${decisions.data.total_blocked} decision(s) on ${decisions.data.blocked_tasks} task(s), unblocked ones included` : null}
        </span>
      </div>
      {perReason.error ? <ErrorState error={perReason.error} /> : null}
      <section aria-label="Tasks blocked now per reason">
        <h2 className="section-title">Tasks blocked now, per reason</h2>
        {perReason.data && reasons.length === 0 ? <EmptyState>No task is blocked right now.</EmptyState> : null}
        <BarChart
          label="Tasks blocked now per reason code"
          bars={reasons.flatMap((r) => (r.reason_code === null ? [] : [{ key: r.reason_code, label: r.reason_code, value: r.count }]))}
          selected={reason ?? null}
          onSelect={(key) => setQuery({ reason: key === reason ? undefined : key })}
        />
        {withoutCode ? <div className="muted">{withoutCode} blocked task(s) have no reason code (their last decision has no finding).</div> : null}
      </section>
      <section aria-label="Tasks blocked now" className="grow">
        <div className="row">
          <h2 className="section-title">Tasks blocked now{reason ? <> for <code>{reason}</code></> : null}</h2>
          {reason ? <button onClick={() => setQuery({ reason: undefined })}>Show every reason</button> : null}
          {!canUnblock ? <span className="muted">Your key has no 'operate' scope: you can look but not unblock.</span> : null}
        </div>
        {canUnblock && shown.length ? (
          <div className="row" aria-label="Selection">
            <span>{selected.size} of {matching} selected</span>
            {selected.size < matching ? <button onClick={() => void selectAllMatching()}>Select all {matching} matching</button> : null}
            {selected.size ? <button onClick={() => setSelected(new Set())}>Clear selection</button> : null}
            <button className="primary" disabled={selected.size === 0} onClick={() => void unblockSelected()}>Unblock {selected.size} selected…</button>
          </div>
        ) : null}
        {tasks.error ? <ErrorState error={tasks.error} /> : null}
        {tasks.data && shown.length === 0 ? (
          <EmptyState>No task is blocked{reason ? ` for ${reason}` : ''} right now. New blocks appear here as they happen.</EmptyState>
        ) : null}
        {shown.length ? (
          <BlockedTaskTable
            tasks={shown}
            {...(canUnblock ? { selection: { selected, toggle, toggleShown, unblock: (taskId: string) => void unblockTask(taskId) } } : {})}
          />
        ) : null}
        {tasks.data?.next_cursor ? <div className="muted">Showing the 500 most recent of {matching}; "Select all {matching} matching" includes the rest.</div> : null}
      </section>
    </div>
  );
}
