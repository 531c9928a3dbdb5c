import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DecisionPage, DecisionView } from '../../../shared/schemas/decision';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { confirm } from '../stores/confirm';
import { toast } from '../stores/toasts';
import { useCan } from '../stores/session';
import { EmptyState, ErrorState } from '../components/feedback';
import { ReviewPane } from '../components/review-pane';
import { SplitPane } from '../components/split-pane';
import { SelectByFinding } from '../components/select-by-finding';
import { decisionHeadline } from '../components/decision-headline';
import { useSession } from '../stores/session';
import { formatClock } from '../components/format';
import { useRoute } from '../stores/route';
import { isTypingOrModal } from '../keyboard/typing-target';
import { SCREENS } from '../commands';

const QUERY = { status: 'needs_review' as const, limit: 500 };
/** How long the Undo button stays after a verdict (the engine allows 60 s). */
const UNDO_MS = 10_000;
const KEYS: [string, string][] = [
  ['j / k', 'next / previous decision'],
  ['Enter', 'open the decision (Esc comes back here)'],
  ['a', 'approve the current decision (or the selection)'],
  ['r', 'reject, with a note'],
  ['u', `undo the last verdict (for ${UNDO_MS / 1000} s)`],
  ['x', 'select or unselect the current decision'],
  ['c', 'claim the current decision for 15 min (again: release it)'],
  ['g then a letter', SCREENS.map((s) => `${s.jump} ${s.label.toLowerCase()}`).join(', ')],
  ['?', 'show or hide these keys'],
];

/** needs_review decisions, oldest first, triaged from the keyboard; every verdict is an audited REVIEW_* event. */
export function ReviewQueueScreen() {
  const queryClient = useQueryClient();
  const list = useOp('listDecisions', QUERY);
  const canReview = useCan('review');
  const items = useMemo(() => [...(list.data?.items ?? [])].reverse(), [list.data]);
  const { route, setQuery, navigate } = useRoute();
  // The cursor is the decision id in the URL (?at=), so Back from a decision's page lands on the same row.
  const at = route.query.at;
  const found = at ? items.findIndex((d) => d.decision_id === at) : -1;
  const [fallback, setFallback] = useState(0);
  const cursor = found >= 0 ? found : Math.min(fallback, Math.max(0, items.length - 1));
  const setCursor = (next: number | ((c: number) => number)) => {
    const i = Math.max(0, Math.min(items.length - 1, typeof next === 'function' ? next(cursor) : next));
    setFallback(i);
    const id = items[i]?.decision_id;
    if (id && id !== at) setQuery({ at: id }, { replace: true });
  };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const lastVerdict = useRef<{ ids: string[]; until: number } | null>(null);
  const current = items[cursor];
  const me = useSession((s) => s.name);
  const claims = useOp('listClaims', {}, { refetchInterval: 15_000 });
  const claimOf = useMemo(() => new Map((claims.data?.items ?? []).map((c) => [c.decision_id, c])), [claims.data]);

  const toggleClaim = async () => {
    if (!current || !canReview) return;
    const held = claimOf.get(current.decision_id);
    try {
      if (held && held.claimed_by === me) {
        await api.releaseClaim({ decision_id: current.decision_id });
        toast({ kind: 'info', message: `Released ${current.decision_id}.` });
      } else {
        const c = await api.claimDecision({ decision_id: current.decision_id });
        toast({ kind: 'info', message: `You hold ${c.decision_id} until ${formatClock(c.expires_at)}; others see it as yours.` });
      }
    } catch (e) {
      toast({ kind: 'error', message: (e as Error).message });
    }
    await queryClient.invalidateQueries({ queryKey: ['listClaims'] });
  };

  const listRef = useRef<HTMLDivElement>(null);
  // Keep the cursor's row on screen: after 40 presses of j, a and r act on a row the analyst can see.
  useLayoutEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [cursor, items.length]);

  const undo = async () => {
    const last = lastVerdict.current;
    if (!last || Date.now() > last.until) return;
    lastVerdict.current = null;
    const results = await Promise.allSettled(last.ids.map((id) => api.undoReview({ decision_id: id })));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    await queryClient.invalidateQueries({ queryKey: ['listDecisions', QUERY] });
    if (failed.length > 0) toast({ kind: 'error', message: `${failed.length} undo(s) failed: ${failed[0]?.message}` });
    const back = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const first = back[0];
    if (first) {
      setQuery({ at: first.decision_id }, { replace: true });
      toast({ kind: 'info', message: `Undone: ${back.length} decision(s) back in review (audited as REVIEW_UNDONE).`, link: { label: 'See the audit event', to: `/tasks/${encodeURIComponent(first.task_id)}?audit=${first.audit_id}` } });
    }
  };

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
      lastVerdict.current = { ids: done.map((d) => d.decision_id), until: Date.now() + UNDO_MS };
      toast({
        kind: 'success',
        message: `${verdict === 'approve' ? 'Approved' : 'Rejected'} ${done.length} decision(s).`,
        link: { label: 'See the audit event', to: `/tasks/${encodeURIComponent(first.task_id)}?audit=${first.audit_id}` },
        action: { label: 'Undo (u)', run: () => void undo() },
        durationMs: UNDO_MS,
      });
    }
  };

  const act = async (verdict: 'approve' | 'reject') => {
    if (!canReview || items.length === 0) return;
    const targets = selected.size ? items.filter((d) => selected.has(d.decision_id)) : current ? [current] : [];
    if (targets.length === 0) return;
    if (verdict === 'approve' && targets.length > 1) {
      const answer = await confirm({ title: `Approve ${targets.length} decisions?`, body: `Each of the ${targets.length} selected decisions is approved and its task runs on; each verdict is audited.`, confirmLabel: `Approve ${targets.length}` });
      if (!answer.confirmed) return;
      await review(targets, 'approve');
      return;
    }
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
      if (isTypingOrModal(e)) return;
      if (e.key === 'j') setCursor((c) => c + 1);
      else if (e.key === 'k') setCursor((c) => c - 1);
      else if (e.key === 'Enter' && current) navigate(`/decisions/${encodeURIComponent(current.decision_id)}`);
      else if (e.key === 'u') void undo();
      else if (e.key === 'c') void toggleClaim();
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
      {items.length > 0 ? (
        <div className="row">
          <SelectByFinding items={items} onSelect={(ids, code) => (setSelected(new Set(ids)), toast({ kind: 'info', message: `Selected ${ids.length} decision(s) with finding ${code}: a or r decides them all.` }))} />
          {selected.size ? <button onClick={() => setSelected(new Set())}>Clear selection ({selected.size})</button> : null}
        </div>
      ) : null}
      {!canReview ? <div className="attention warn">Your key has no 'review' scope: you can read the queue but not decide.</div> : null}
      {list.error ? <ErrorState error={list.error} /> : null}
      {list.data && items.length === 0 ? <EmptyState>Nothing to review: every flagged decision has a verdict. New ones appear here as they are judged.</EmptyState> : null}
      {help ? (
        <div className="card" role="dialog" aria-label="Keyboard shortcuts">
          {KEYS.map(([k, what]) => <div key={k}><code>{k}</code> — {what}</div>)}
        </div>
      ) : null}
      <SplitPane id="review" className="trace review" label="Resize the list and the decision" initial={42}>
        <div className="timeline" ref={listRef} role="listbox" aria-label="Decisions to review" aria-multiselectable="true">
          {items.map((d, i) => {
            const claim = claimOf.get(d.decision_id);
            return (
              <div key={d.decision_id} className="step review-row" role="option" aria-selected={i === cursor} data-decision={d.decision_id} onClick={() => setCursor(i)}>
                <input type="checkbox" aria-label="select" checked={selected.has(d.decision_id)} readOnly tabIndex={-1} />
                <span className="muted">{formatClock(d.created_at)}</span>
                <span className="grow-text">{decisionHeadline(d).line}</span>
                <span className="muted" title={d.findings.map((f) => f.code).join(', ')}>{d.findings[0]?.code}{d.findings.length > 1 ? ` +${d.findings.length - 1}` : ''}</span>
                {claim ? <span className="badge claim" title={`until ${formatClock(claim.expires_at)}`}>{claim.claimed_by === me ? 'yours' : claim.claimed_by}</span> : null}
              </div>
            );
          })}
        </div>
        <div className="snapshot" aria-label="Decision under review">
          {current ? <ReviewPane decision={current} claim={claimOf.get(current.decision_id)} me={me} canReview={canReview} onClaim={() => void toggleClaim()} /> : null}
        </div>
      </SplitPane>
    </div>
  );
}
