import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { DECISION_STATUSES, DECISION_TYPES, type DecisionSort, type DecisionView } from '../../../shared/schemas/decision';
import { api } from '../api/transport';
import { useRoute } from '../stores/route';
import { EmptyState, ErrorState } from '../components/feedback';
import { StatusBadge } from '../components/status-badge';
import { formatTime } from '../components/format';
import { useScrollMemory } from '../components/scroll-memory';
import { UtcTimeField } from '../components/utc-time-field';
import { FilterTextField } from '../components/filter-text-field';
import { rowAfterKey } from '../keyboard/row-keys';
import { decisionListQueryFrom, hasFilters, sortAfterHeaderClick } from './decision-list-query';

/** The rendered rows plus the list's tab stop, in order (the virtualizer renders what this returns). */
function withRow(indexes: number[], row: number, count: number): number[] {
  if (row >= count || indexes.includes(row)) return indexes;
  return [...indexes, row].sort((a, b) => a - b);
}

const PAGE = 500;
const ROW_HEIGHT = 34;
const SORT_LABELS = { created_at: 'Time', decision_type: 'Type', status: 'Status', risk_score: 'Risk' } as const;

export function DecisionsScreen() {
  const { route, setQuery, navigate } = useRoute();
  const listQuery = decisionListQueryFrom(route.query);
  const sort = listQuery.sort ?? 'created_at';
  const order = listQuery.order ?? 'desc';
  const [search, setSearch] = useState('');

  // Sorting is the server's: a sort or order in the URL is a new query from the first page.
  const list = useInfiniteQuery({
    queryKey: ['listDecisions', listQuery],
    queryFn: ({ pageParam }) => api.listDecisions({ ...listQuery, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  // Roving tabindex: one row is the list's tab stop; it is always rendered, even when scrolled out of view.
  const [active, setActive] = useState(0);
  const activeRow = Math.min(active, Math.max(rows.length - 1, 0));
  const focusAfterMove = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  // Back from a decision's page returns to the same place in the list.
  const remembered = useScrollMemory(scroller, `/decisions?${new URLSearchParams(listQuery as Record<string, string>).toString()}`, rows.length > 0);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: remembered,
    rangeExtractor: useCallback((range: Range) => withRow(defaultRangeExtractor(range), activeRow, range.count), [activeRow]),
  });
  useEffect(() => {
    if (!focusAfterMove.current) return;
    focusAfterMove.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${activeRow}"]`)?.focus({ preventScroll: true });
  }, [activeRow]);
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    const d = rows[index];
    if (e.key === 'Enter' && d) {
      e.preventDefault();
      navigate(`/decisions/${d.decision_id}`);
      return;
    }
    const next = rowAfterKey(e.key, index, rows.length);
    if (next === null) return;
    e.preventDefault();
    focusAfterMove.current = true;
    virtual.scrollToIndex(next);
    setActive(next);
  };
  const headerSort = (column: DecisionSort) => setQuery(sortAfterHeaderClick(listQuery, column));
  const ariaSort = (column: DecisionSort) => (sort === column ? (order === 'desc' ? 'descending' : 'ascending') : undefined);
  const arrow = (column: DecisionSort) => (sort === column ? (order === 'desc' ? ' ↓' : ' ↑') : '');
  const sortHeader = (column: DecisionSort) => (
    <span role="columnheader" aria-sort={ariaSort(column)}>
      <button onClick={() => headerSort(column)}>{SORT_LABELS[column]}{arrow(column)}</button>
    </span>
  );

  const openSearch = () => {
    const id = search.trim();
    if (/^dec_/.test(id)) navigate(`/decisions/${encodeURIComponent(id)}`);
    else if (id) navigate(`/tasks/${encodeURIComponent(id)}`);
  };

  return (
    <div className="page">
      <h1>Decisions</h1>
      <form className="row" onSubmit={(e) => (e.preventDefault(), openSearch())} aria-label="Open by id">
        <label>
          Decision or task id <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="dec_… or a task id" />
        </label>
        <button type="submit" disabled={!search.trim()}>Open</button>
      </form>
      <div className="row" aria-label="Filters">
        <label>
          Status{' '}
          <select value={listQuery.status ?? ''} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">any</option>
            {DECISION_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Type{' '}
          <select value={listQuery.decision_type ?? ''} onChange={(e) => setQuery({ decision_type: e.target.value })}>
            <option value="">any</option>
            {DECISION_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <FilterTextField label="Task" value={listQuery.task_id} size={14} onApply={(text) => setQuery({ task_id: text })} />
        <FilterTextField label="Finding code" value={listQuery.finding_code} size={16} onApply={(text) => setQuery({ finding_code: text })} />
        <UtcTimeField label="From" value={listQuery.from} onApply={(iso) => setQuery({ from: iso ?? '' })} />
        <UtcTimeField label="To" value={listQuery.to} onApply={(iso) => setQuery({ to: iso ?? '' })} />
        {hasFilters(listQuery) ? <button onClick={() => setQuery({ status: '', decision_type: '', task_id: '', finding_code: '', from: '', to: '' })}>Clear filters</button> : null}
      </div>
      {list.error ? <ErrorState error={list.error} /> : null}
      {list.data && rows.length === 0 ? <EmptyState>No decision matches these filters. Clear a filter, or widen the time range.</EmptyState> : null}
      <div className="table-head decision-row" role="row">
        {sortHeader('created_at')}
        <span role="columnheader">Decision</span>
        {sortHeader('decision_type')}
        {sortHeader('status')}
        <span role="columnheader">Task · top finding</span>
        {sortHeader('risk_score')}
      </div>
      <div className="scroller" ref={scroller} role="table" aria-label="Decisions" aria-rowcount={rows.length}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const d = rows[item.index] as DecisionView;
            return (
              <div key={d.decision_id} className="table-row decision-row" role="row" data-row={item.index} aria-rowindex={item.index + 1}
                tabIndex={item.index === activeRow ? 0 : -1}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                onFocus={() => setActive(item.index)}
                onKeyDown={(e) => onRowKey(e, item.index)}
                onClick={() => navigate(`/decisions/${d.decision_id}`)}>
                <span>{formatTime(d.created_at)}</span>
                <span className="mono">{d.decision_id}</span>
                <span>{d.decision_type}</span>
                <span><StatusBadge status={d.status} /></span>
                <span>{d.task_id}{d.findings[0] ? ` · ${d.findings[0].code}` : ''}</span>
                <span>{d.risk_score ?? '—'}</span>
              </div>
            );
          })}
        </div>
      </div>
      <div className="row">
        <span className="muted">{rows.length.toLocaleString()} loaded{list.hasNextPage ? ', more available' : ''}</span>
        {list.hasNextPage ? (
          <button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </div>
    </div>
  );
}
