import { ACTION_MAX_IDS, RejudgeDecisionsParams } from '../../../../../shared/schemas/runbook';
import type { DecisionView } from '../../../../../shared/schemas/decision';
import { rejudgeTransition } from '../../../domain/decision-lifecycle';
import { listDecisions } from '../../decisions/queries';
import { rejudgeDecision } from '../../decisions/rejudge';
import { defineAction, pinnedPreview, type ActionContext } from './action';

/** What a re-judge can touch: terminal and not reviewed (the same rule the store's guarded write applies). */
const rejudgeable = (d: DecisionView) => rejudgeTransition(d.status, d.review) !== null;

/**
 * The decisions the params name, in the caller's workspace, oldest first: at most ACTION_MAX_IDS of them listed,
 * and how many match in all.
 */
async function matching(ctx: ActionContext, params: RejudgeDecisionsParams): Promise<{ items: DecisionView[]; total: number }> {
  const ws = ctx.caller.workspaceId;
  if (params.decision_ids !== undefined) {
    const items: DecisionView[] = [];
    for (const id of new Set(params.decision_ids)) {
      const d = await ctx.deps.store.getDecision(ws, id);
      if (d && rejudgeable(d)) items.push(d);
    }
    return { items, total: items.length };
  }
  const items: DecisionView[] = [];
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await listDecisions(ctx.deps, ctx.caller, {
      status: params.status,
      decision_type: params.decision_type,
      finding_code: params.finding,
      from: params.since,
      to: params.until,
      sort: 'created_at',
      order: 'asc',
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const d of page.items) {
      if (!rejudgeable(d)) continue;
      total += 1;
      if (items.length < ACTION_MAX_IDS) items.push(d);
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return { items, total };
}

function describe(params: RejudgeDecisionsParams): string {
  const parts = [
    params.finding && `with finding ${params.finding}`,
    params.status && `now ${params.status}`,
    params.decision_type && `of type ${params.decision_type}`,
    params.since && `since ${params.since}`,
    params.until && `before ${params.until}`,
  ].filter(Boolean);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

export const rejudgeDecisions = defineAction({
  id: 'rejudge-decisions',
  title: 'Re-judge decisions',
  description:
    'Send terminal decisions matching a filter (a finding such as integration_unavailable, a status, a type, a time range) back to the queue, to be judged again under the active policy. Each keeps its id, task and trace: its earlier outcome stays as it was, a REJUDGED event records it, then the new outcome follows. Reviewed decisions are left alone. Cannot be undone.',
  scope: 'operate',
  params: RejudgeDecisionsParams,
  async preview(ctx, params) {
    const { items, total } = await matching(ctx, params);
    const ids = items.map((d) => d.decision_id);
    const byStatus: Record<string, number> = {};
    for (const d of items) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
    const split = Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ');
    const summary =
      `Re-judge ${ids.length} terminal decision(s)${describe(params)}${split ? ` (${split})` : ''} under the active policy; their earlier outcomes stay on their traces.` +
      (total > ids.length ? ` ${total} match in all: this run takes the oldest ${ids.length}; preview again for the rest.` : '');
    return pinnedPreview(summary, 'decisions', ids, { decision_ids: ids }, params, total);
  },
  async run(ctx, _params, preview, progress) {
    const ids = preview.touches.ids;
    let rejudged = 0;
    progress(0, ids.length);
    for (const [i, id] of ids.entries()) {
      const d = await ctx.deps.store.getDecision(ctx.caller.workspaceId, id);
      if (d && rejudgeable(d) && (await rejudgeDecision(ctx.deps, ctx.caller, d, ctx.reason))) rejudged += 1;
      progress(i + 1, ids.length);
    }
    if (rejudged > 0) ctx.notify();
    const skipped = ids.length - rejudged;
    return {
      summary: `${rejudged} decision(s) queued to be judged again under the active policy${skipped ? `, ${skipped} no longer terminal (or reviewed) left alone` : ''}.`,
      counts: { decisions: rejudged, ...(skipped ? { skipped } : {}) },
      undo: null,
    };
  },
});
