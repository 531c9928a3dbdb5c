import { useMemo, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { DECISION_STATUSES, DECISION_TYPES, type DecisionView } from '../../../shared/schemas/decision';
import type { ListDecisionsInput } from '../../../shared/schemas/decision';
import { api } from '../api/transport';
import { useRoute } from '../stores/route';
import { EmptyState, ErrorState } from '../components/feedback';
import { StatusBadge } from '../components/status-badge';
import { formatTime } from '../components/format';
import { useScrollMemory } from '../components/scroll-memory';

type SortKey = 'created_at' | 'decision_type' | 'status' | 'risk_score';
const PAGE = 500;
const ROW_HEIGHT = 34;

/** Every filter lives in the URL, so each view of the list can be shared and reloaded. */
function filtersFrom(query: Record<string, string>): Omit<ListDecisionsInput, 'limit' | 'cursor'> {
  const f: Record<string, string> = {};
  for (const k of ['status', 'decision_type', 'task_id', 'finding_code', 'from', 'to'] as const) if (query[k]) f[k] = query[k] as string;
  return f as Omit<ListDecisionsInput, 'limit' | 'cursor'>;
}

export function DecisionsScreen() {
  const { route, setQuery, navigate } = useRoute();
  const filters = filtersFrom(route.query);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'created_at', dir: -1 });
  const [search, setSearch] = useState('');

  const list = useInfiniteQuery({
    queryKey: ['listDecisions', filters],
    queryFn: ({ pageParam }) => api.listDecisions({ ...filters, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => {
    const all: DecisionView[] = list.data?.pages.flatMap((p) => p.items) ?? [];
    const value = (d: DecisionView) => (sort.key === 'risk_score' ? (d.risk_score ?? -1) : d[sort.key]);
    return sort.key === 'created_at' && sort.dir === -1 ? all : [...all].sort((a, b) => (value(a) < value(b) ? -sort.dir : value(a) > value(b) ? sort.dir : 0));
  }, [list.data, sort]);

  const scroller = useRef<HTMLDivElement>(null);
  // Back from a decision's page returns to the same place in the list.
  const remembered = useScrollMemory(scroller, `/decisions?${new URLSearchParams(filters as Record<string, string>).toString()}`, rows.length > 0);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, initialOffset: remembered });
  const toggleSort = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : -1 }));
  const arrow = (key: SortKey) => (sort.key === key ? (sort.dir === -1 ? ' ↓' : ' ↑') : '');

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
          <select value={filters.status ?? ''} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">any</option>
            {DECISION_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Type{' '}
          <select value={filters.decision_type ?? ''} onChange={(e) => setQuery({ decision_type: e.target.value })}>
            <option value="">any</option>
            {DECISION_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>
          Task <input defaultValue={filters.task_id ?? ''} onBlur={(e) => setQuery({ task_id: e.target.value.trim() })} size={14} />
        </label>
        <label>
          Finding code <input defaultValue={filters.finding_code ?? ''} onBlur={(e) => setQuery({ finding_code: e.target.value.trim() })} size={16} />
        </label>
        <label>
          From <input type="datetime-local" defaultValue={filters.from?.slice(0, 16) ?? ''} onBlur={(e) => setQuery({ from: e.target.value ? new Date(e.target.value).toISOString() : '' })} />
        </label>
        <label>
          To <input type="datetime-local" defaultValue={filters.to?.slice(0, 16) ?? ''} onBlur={(e) => setQuery({ to: e.target.value ? new Date(e.target.value).toISOString() : '' })} />
        </label>
        {Object.keys(filters).length ? <button onClick={() => navigate('/decisions')}>Clear filters</button> : null}
      </div>
      {list.error ? <ErrorState error={list.error} /> : null}
      {list.data && rows.length === 0 ? <EmptyState>No decision matches these filters. Clear a filter, or widen the time range.</EmptyState> : null}
      <div className="table-head decision-row" role="row">
        <button onClick={() => toggleSort('created_at')}>Time{arrow('created_at')}</button>
        <span>Decision</span>
        <button onClick={() => toggleSort('decision_type')}>Type{arrow('decision_type')}</button>
        <button onClick={() => toggleSort('status')}>Status{arrow('status')}</button>
        <span>Task · top finding</span>
        <button onClick={() => toggleSort('risk_score')}>Risk{arrow('risk_score')}</button>
      </div>
      <div className="scroller" ref={scroller} role="table" aria-label="Decisions" aria-rowcount={rows.length}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const d = rows[item.index] as DecisionView;
            return (
              <div key={d.decision_id} className="table-row decision-row" role="row" data-row={item.index}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
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
