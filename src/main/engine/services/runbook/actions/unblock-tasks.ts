import { ACTION_MAX_IDS, UnblockTasksParams } from '../../../../../shared/schemas/runbook';
import { unblockTasks as unblockMany } from '../../decisions/bulk-unblock';
import { defineAction, pinnedPreview, type ActionContext } from './action';

/** Tasks unblocked per bulk call: progress is reported after each. */
const CHUNK = 50;

/** The BLOCKED tasks the params name, in the caller's workspace (others are not touched, so not listed). */
async function blockedTasks(ctx: ActionContext, params: UnblockTasksParams): Promise<string[]> {
  const ws = ctx.caller.workspaceId;
  if (params.reason_code !== undefined) {
    const page = await ctx.deps.store.listTasks(ws, { status: 'BLOCKED', reason_code: params.reason_code, limit: ACTION_MAX_IDS }, null);
    return page.items.map((t) => t.task_id);
  }
  const ids: string[] = [];
  for (const id of new Set(params.task_ids)) {
    if ((await ctx.deps.store.getTaskSummary(ws, id))?.status === 'BLOCKED') ids.push(id);
  }
  return ids;
}

export const unblockTasks = defineAction({
  id: 'unblock-tasks',
  title: 'Unblock tasks',
  description: 'Move BLOCKED tasks (named, or all with one block reason) back to RUNNING with one reason; each gets its own MANUAL_UNBLOCK event. Cannot be undone.',
  scope: 'operate',
  params: UnblockTasksParams,
  async preview(ctx, params) {
    const ids = await blockedTasks(ctx, params);
    const summary = `Unblock ${ids.length} BLOCKED task(s)${params.reason_code ? ` blocked for ${params.reason_code}` : ''}: they go back to RUNNING.`;
    return pinnedPreview(summary, 'tasks', ids, { task_ids: ids }, params);
  },
  async run(ctx, _params, preview, progress) {
    const ids = preview.touches.ids;
    let unblocked = 0;
    let skipped = 0;
    progress(0, ids.length);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const result = await unblockMany(ctx.deps, ctx.caller, { task_ids: ids.slice(i, i + CHUNK), reason: ctx.reason });
      unblocked += result.unblocked.length;
      skipped += result.skipped.length;
      progress(Math.min(ids.length, i + CHUNK), ids.length);
    }
    return {
      summary: `${unblocked} task(s) unblocked${skipped ? `, ${skipped} no longer BLOCKED left alone` : ''}.`,
      counts: { tasks: unblocked, ...(skipped ? { skipped } : {}) },
      undo: null,
    };
  },
});
