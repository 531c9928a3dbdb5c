import { isTypingOrModal } from '../keyboard/typing-target';
import { useEscapeGoesBack } from '../keyboard/go-keys';
import { SplitPane } from '../components/split-pane';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEventView } from '../../../shared/schemas/audit';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { SnapshotView } from '../components/snapshot-view';
import { VerdictView } from '../components/verdict-view';
import { JsonTree } from '../components/json-tree';
import { EventTypeFilter } from '../components/event-type-filter';
import { stepState } from '../components/trace-step-state';
import { findStepRow, groupTrace, parseTypes, typesIn, type TraceRow } from '../components/trace-groups';
import { CopyCurl } from '../components/copy-curl';
import { inputEntityLinks } from '../components/entity-link';
import { useRoute } from '../stores/route';
import { snapshotTraceId, traceViewerHref } from '../components/trace-viewer-link';

const STEP_HEIGHT = 30;
const BLOCKED = 'SUPERVISOR_BLOCKED';

/**
 * A task's summary and its trace as a timeline to step through, grouped by decision and filtered by event type
 * (`?types=`), each step's snapshot diffed with the decision's one before.
 */
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
  const traceViewerUrl = trace.data?.pages[0]?.trace_viewer_url ?? null;

  const setQuery = useRoute((r) => r.setQuery);
  const typesQuery = useRoute((r) => r.route.query.types);
  const types = useMemo(() => parseTypes(typesQuery), [typesQuery]);
  const rows = useMemo(() => groupTrace(events, types), [events, types]);
  // Where each listed event is: its row (headers included) and its place among the listed steps.
  const listed = useMemo(() => {
    const at = new Map<number, { row: number; ordinal: number }>();
    rows.forEach((row, r) => row.kind === 'step' && at.set(row.index, { row: r, ordinal: at.size }));
    return at;
  }, [rows]);

  // The selection is an event (its index in the trace), so it survives more pages arriving and the filter changing.
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
  const selectedRow = listed.get(selected)?.row ?? -1;
  // A filter that hides the selected step moves the selection to the first step it lists.
  const firstListed = rows.find((row) => row.kind === 'step');
  useEffect(() => {
    if (selectedRow < 0 && firstListed?.kind === 'step') setSelected(firstListed.index);
  }, [selectedRow, firstListed]);
  const stepIndexAt = (r: number) => (rows[r] as Extract<TraceRow, { kind: 'step' }>).index;
  const step = (delta: 1 | -1) => {
    for (let r = selectedRow + delta; r >= 0 && r < rows.length; r += delta) {
      if (rows[r]?.kind === 'step') return setSelected(stepIndexAt(r));
    }
  };
  // Memoised: the virtualizer re-renders the screen on every scrolled frame of a 10,000-step trace.
  const blockedRows = useMemo(
    () => ({ previous: findStepRow(rows, events, selectedRow, -1, BLOCKED), next: findStepRow(rows, events, selectedRow, 1, BLOCKED) }),
    [rows, events, selectedRow],
  );
  const jumpBlocked = (direction: 1 | -1) => {
    const r = direction === 1 ? blockedRows.next : blockedRows.previous;
    if (r >= 0) setSelected(stepIndexAt(r));
  };
  const eventTypes = useMemo(() => typesIn(events), [events]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingOrModal(e)) return;
      const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (delta !== 0) {
        e.preventDefault();
        step(delta);
      } else if (e.key === 'n' || e.key === 'p') {
        e.preventDefault();
        jumpBlocked(e.key === 'n' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => STEP_HEIGHT, overscan: 20 });
  useEffect(() => {
    if (selectedRow >= 0) virtual.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, virtual]);

  const current = selectedRow >= 0 ? events[selected] : undefined;
  const traceId = current ? snapshotTraceId(current.payload) : null;
  const viewerHref = traceViewerHref(traceViewerUrl, traceId);
  const state = useMemo(() => (current ? stepState(events, selected) : undefined), [current, events, selected]);
  const position = (listed.get(selected)?.ordinal ?? -1) + 1;
  const setTypes = (next: string[]) => setQuery({ types: next.join(',') });
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
        <button onClick={() => step(-1)} disabled={position <= 1}>← Prev</button>
        <button onClick={() => step(1)} disabled={position >= listed.size}>Next →</button>
        <button onClick={() => jumpBlocked(-1)} disabled={blockedRows.previous < 0} aria-keyshortcuts="p" title="Previous SUPERVISOR_BLOCKED step (p)">↑ Previous blocked</button>
        <button onClick={() => jumpBlocked(1)} disabled={blockedRows.next < 0} aria-keyshortcuts="n" title="Next SUPERVISOR_BLOCKED step (n)">Next blocked ↓</button>
        <span className="muted" aria-live="polite">
          Step {position} of {(types ? listed.size : total).toLocaleString()}{events.length < total ? ` (${events.length.toLocaleString()} loaded)` : ''}
        </span>
        {types ? <span className="muted">{listed.size.toLocaleString()} of {events.length.toLocaleString()} steps match the filter</span> : null}
        <label><input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw JSON</label>
      </div>
      <EventTypeFilter types={eventTypes} selected={types} onChange={setTypes} />
      <SplitPane id="trace" className="trace" label="Resize the trace panes" initial={32}>
        <div className="timeline" ref={scroller} role="listbox" aria-label="Trace steps">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const row = rows[item.index] as TraceRow;
              const style = { position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` } as const;
              if (row.kind === 'decision') {
                return (
                  <div key={`d:${row.decisionId ?? 'task'}`} className="step-group" role="presentation" data-decision={row.decisionId ?? ''} data-outcome={row.outcome} style={style}>
                    <span className="mono">{row.decisionId ?? 'task actions'}</span>
                    <span className="muted">{row.steps} {row.steps === 1 ? 'step' : 'steps'}</span>
                    {row.outcome ? <span className={`badge ${row.outcome}`}>{row.outcome.replace('_', ' ')}</span> : null}
                  </div>
                );
              }
              const e = events[row.index] as AuditEventView;
              return (
                <div key={e.seq} className="step" role="option" aria-selected={row.index === selected} data-outcome={row.outcome} data-event-type={e.event_type}
                  onClick={() => setSelected(row.index)} style={style}>
                  <span className="muted">{e.created_at.slice(11, 23)}</span>
                  <span>{e.event_type}</span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="snapshot" aria-label="Step detail">
          {current && state ? (
            <>
              <div className="row muted">
                {current.event_type} · {current.actor ?? 'system'} · {current.created_at}
                {current.decision_id ? <> · <Link to={`/decisions/${current.decision_id}`}>{current.decision_id}</Link></> : null}
                {viewerHref ? (
                  <> · <a href={viewerHref} target="_blank" rel="noopener noreferrer" title={`Open trace ${traceId} in the trace viewer`}>trace <span className="mono">{traceId?.slice(0, 8)}</span> ↗</a></>
                ) : null}
              </div>
              {raw ? (
                <pre className="raw">{JSON.stringify(current, null, 2)}</pre>
              ) : state.kind === 'snapshot' ? (
                <SnapshotView snapshot={state.snapshot} previous={state.previous} linkFor={s ? inputEntityLinks(s.decision_type) : undefined} />
              ) : state.verdict ? (
                <VerdictView verdict={state.verdict} />
              ) : null}
              {raw ? null : (
                <section aria-label="Payload tree">
                  <h3>Payload</h3>
                  <JsonTree value={current.payload} label="Payload as JSON" />
                </section>
              )}
            </>
          ) : (
            <div className="muted">{trace.isLoading ? 'Loading the trace…' : events.length ? 'No step matches the filter.' : 'This task has no events.'}</div>
          )}
        </div>
      </SplitPane>
    </div>
  );
}
