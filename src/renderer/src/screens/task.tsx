import { isTypingOrModal } from '../keyboard/typing-target';
import { useEscapeGoesBack } from '../keyboard/go-keys';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEventView } from '../../../shared/schemas/audit';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { SnapshotView } from '../components/snapshot-view';
import { CopyCurl } from '../components/copy-curl';
import { inputEntityLinks } from '../components/entity-link';
import { useRoute } from '../stores/route';

const STEP_HEIGHT = 30;

const snapshotOf = (e: AuditEventView | undefined): unknown => (e ? (e.payload.decision_snapshot ?? e.payload) : undefined);

/** A task's summary and its trace as a timeline to step through, each step's snapshot diffed with the one before. */
export function TaskScreen({ taskId }: { taskId: string }) {
  useEscapeGoesBack();
  const summary = useOp('getTaskSummary', { task_id: taskId });
  const trace = useInfiniteQuery({
    queryKey: ['getDecisionTrace', { task_id: taskId }],
    queryFn: ({ pageParam }) => api.getDecisionTrace({ task_id: taskId, limit: 200, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  // The first page shows at once; the rest of a long trace streams in behind it.
  useEffect(() => {
    if (trace.hasNextPage && !trace.isFetchingNextPage) void trace.fetchNextPage();
  }, [trace.hasNextPage, trace.isFetchingNextPage, trace]);
  const events = useMemo(() => trace.data?.pages.flatMap((p) => p.items) ?? [], [trace.data]);
  const total = trace.data?.pages[0]?.total ?? 0;

  const [selected, setSelected] = useState(0);
  const [raw, setRaw] = useState(false);
  // `?audit=<audit_id>` (the link in an action's toast) opens the trace at that event once its page has loaded.
  const audit = useRoute((s) => s.route.query.audit);
  const [shownAudit, setShownAudit] = useState<string | null>(null);
  useEffect(() => {
    if (!audit || audit === shownAudit) return;
    const at = events.findIndex((e) => e.audit_id === audit);
    if (at >= 0) {
      setSelected(at);
      setShownAudit(audit);
    }
  }, [audit, shownAudit, events]);
  const step = (delta: number) => setSelected((i) => Math.max(0, Math.min(events.length - 1, i + delta)));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingOrModal(e)) return;
      const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (delta === 0) return;
      e.preventDefault();
      step(delta);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => STEP_HEIGHT, overscan: 20 });
  useEffect(() => {
    if (events.length) virtual.scrollToIndex(selected, { align: 'auto' });
  }, [selected, events.length, virtual]);

  const current = events[selected];
  // "What changed" compares with the previous step of the same decision (a task interleaves decisions).
  let previous: AuditEventView | undefined;
  for (let i = selected - 1; i >= 0; i -= 1) {
    if (events[i]?.decision_id === current?.decision_id) {
      previous = events[i];
      break;
    }
  }
  const s = summary.data;

  return (
    <div className="page">
      <div className="row">
        <h1>Task <span className="mono">{taskId}</span></h1>
        {s ? <span className="badge">{s.status}</span> : null}
        <CopyCurl path={`/api/governance/tasks/${encodeURIComponent(taskId)}/decision-trace`} />
      </div>
      {summary.error ? <ErrorState error={summary.error} /> : null}
      {s ? (
        <div className="row muted">
          {s.decision_type} · {Object.entries(s.decisions).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'no decisions'} ·{' '}
          {s.audit_events} events{s.blocked_reasons.length ? ` · blocked for ${s.blocked_reasons.join(', ')}` : ''}
          {s.last_decision ? <> · last <Link to={`/decisions/${s.last_decision.decision_id}`}>{s.last_decision.decision_id}</Link></> : null}
        </div>
      ) : null}
      {trace.error ? <ErrorState error={trace.error} /> : null}
      <div className="row">
        <button onClick={() => step(-1)} disabled={selected === 0}>← Prev</button>
        <button onClick={() => step(1)} disabled={selected >= events.length - 1}>Next →</button>
        <span className="muted" aria-live="polite">
          Step {events.length ? selected + 1 : 0} of {total.toLocaleString()}{events.length < total ? ` (${events.length.toLocaleString()} loaded)` : ''}
        </span>
        <label><input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw JSON</label>
      </div>
      <div className="trace">
        <div className="timeline" ref={scroller} role="listbox" aria-label="Trace steps">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = events[item.index] as AuditEventView;
              return (
                <div key={e.seq} className="step" role="option" aria-selected={item.index === selected} onClick={() => setSelected(item.index)}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                  <span className="muted">{e.created_at.slice(11, 23)}</span>
                  <span>{e.event_type}</span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="snapshot" aria-label="Step detail">
          {current ? (
            <>
              <div className="row muted">
                {current.event_type} · {current.actor ?? 'system'} · {current.created_at}
                {current.decision_id ? <> · <Link to={`/decisions/${current.decision_id}`}>{current.decision_id}</Link></> : null}
              </div>
              {raw ? <pre className="raw">{JSON.stringify(current, null, 2)}</pre> : <SnapshotView snapshot={snapshotOf(current)} previous={previous ? snapshotOf(previous) : undefined} linkFor={s ? inputEntityLinks(s.decision_type) : undefined} />}
            </>
          ) : (
            <div className="muted">{trace.isLoading ? 'Loading the trace…' : 'This task has no events.'}</div>
          )}
        </div>
      </div>
    </div>
  );
}
