import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DecisionPage, DecisionView } from '../../../shared/schemas/decision';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { confirm } from '../stores/confirm';
import { toast } from '../stores/toasts';
import { useCan } from '../stores/session';
import { EmptyState, ErrorState } from '../components/feedback';
import { SnapshotView } from '../components/snapshot-view';
import { formatClock } from '../components/format';

const QUERY = { status: 'needs_review' as const, limit: 500 };
const KEYS: [string, string][] = [
  ['j / k', 'next / previous decision'],
  ['a', 'approve the current decision (or the selection)'],
  ['r', 'reject, with a note'],
  ['x', 'select or unselect the current decision'],
  ['?', 'show or hide these keys'],
];

/** needs_review decisions, oldest first, triaged from the keyboard; every verdict is an audited REVIEW_* event. */
export function ReviewQueueScreen() {
  const queryClient = useQueryClient();
  const list = useOp('listDecisions', QUERY);
  const canReview = useCan('review');
  const items = useMemo(() => [...(list.data?.items ?? [])].reverse(), [list.data]);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const current = items[Math.min(cursor, items.length - 1)];

  const review = async (targets: DecisionView[], verdict: 'approve' | 'reject', note?: string) => {
    const key = ['listDecisions', QUERY];
    const before = queryClient.getQueryData<DecisionPage>(key);
    const ids = new Set(targets.map((d) => d.decision_id));
    // Optimistic: the rows leave at once; a failure puts them back with the server's reason.
    queryClient.setQueryData<DecisionPage>(key, (page) => (page ? { ...page, items: page.items.filter((d) => !ids.has(d.decision_id)) } : page));
    setSelected(new Set());
    const results = await Promise.allSettled(targets.map((d) => api.reviewDecision({ decision_id: d.decision_id, verdict, ...(note ? { note } : {}) })));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ d: targets[i] as DecisionView, error: r.reason as Error }] : []));
    if (failed.length > 0) {
      queryClient.setQueryData<DecisionPage>(key, (page) => {
        const back = before?.items.filter((d) => failed.some((f) => f.d.decision_id === d.decision_id)) ?? [];
        return page ? { ...page, items: [...page.items, ...back].sort((a, b) => (a.created_at < b.created_at ? 1 : -1)) } : page;
      });
      toast({ kind: 'error', message: `${failed.length} verdict(s) failed: ${failed[0]?.error.message}` });
    }
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const first = done[0];
    if (first) {
      toast({ kind: 'success', message: `${verdict === 'approve' ? 'Approved' : 'Rejected'} ${done.length} decision(s).`, link: { label: 'See the audit event', to: `/tasks/${encodeURIComponent(first.task_id)}?audit=${first.audit_id}` } });
    }
  };

  const act = async (verdict: 'approve' | 'reject') => {
    if (!canReview || items.length === 0) return;
    const targets = selected.size ? items.filter((d) => selected.has(d.decision_id)) : current ? [current] : [];
    if (targets.length === 0) return;
    if (verdict === 'reject') {
      const answer = await confirm({ title: `Reject ${targets.length} decision(s)?`, body: 'The decision becomes blocked and the task stays blocked.', confirmLabel: 'Reject', reasonLabel: 'Note', danger: true });
      if (!answer.confirmed) return;
      await review(targets, 'reject', answer.reason);
    } else {
      await review(targets, 'approve');
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.metaKey || e.ctrlKey) return;
      if (e.key === 'j') setCursor((c) => Math.min(items.length - 1, c + 1));
      else if (e.key === 'k') setCursor((c) => Math.max(0, c - 1));
      else if (e.key === 'x' && current) setSelected((s) => {
        const next = new Set(s);
        if (next.has(current.decision_id)) next.delete(current.decision_id);
        else next.add(current.decision_id);
        return next;
      });
      else if (e.key === 'a') void act('approve');
      else if (e.key === 'r') void act('reject');
      else if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'Escape') setHelp(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="page">
      <div className="row">
        <h1>Review queue</h1>
        <span className="muted">{items.length} waiting · oldest first · press ? for keys</span>
        <button onClick={() => void act('approve')} disabled={!canReview || !items.length}>Approve{selected.size ? ` ${selected.size}` : ''} (a)</button>
        <button onClick={() => void act('reject')} disabled={!canReview || !items.length}>Reject{selected.size ? ` ${selected.size}` : ''} (r)</button>
      </div>
      {!canReview ? <div className="attention warn">Your key has no 'review' scope: you can read the queue but not decide.</div> : null}
      {list.error ? <ErrorState error={list.error} /> : null}
      {list.data && items.length === 0 ? <EmptyState>Nothing to review: every flagged decision has a verdict. New ones appear here as they are judged.</EmptyState> : null}
      {help ? (
        <div className="card" role="dialog" aria-label="Keyboard shortcuts">
          {KEYS.map(([k, what]) => <div key={k}><code>{k}</code> — {what}</div>)}
        </div>
      ) : null}
      <div className="trace">
        <div className="timeline" role="listbox" aria-label="Decisions to review" aria-multiselectable="true">
          {items.map((d, i) => (
            <div key={d.decision_id} className="step" role="option" aria-selected={i === cursor} data-decision={d.decision_id} onClick={() => setCursor(i)}>
              <input type="checkbox" aria-label="select" checked={selected.has(d.decision_id)} readOnly tabIndex={-1} />
              <span className="muted">{formatClock(d.created_at)}</span>
              <span>{d.decision_type}</span>
              <span className="muted">{d.findings.map((f) => f.code).join(', ')}</span>
            </div>
          ))}
        </div>
        <div className="snapshot" aria-label="Decision under review">
          {current ? (
            <>
              <div className="mono">{current.decision_id} · task {current.task_id} · risk {current.risk_score ?? '—'}</div>
              <ul>{current.findings.map((f) => <li key={f.rule_id}><code>{f.code}</code> ({f.severity}): {f.message}</li>)}</ul>
              <SnapshotView snapshot={{ signals: current.signals, inputs: current.inputs }} />
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
