import { ACTION_MAX_IDS } from '../../../../../shared/schemas/runbook';
import type { ActionContext } from './action';

/** The dead-lettered jobs the params name (or all of them, the oldest 500), in the caller's workspace. */
export async function deadJobs(ctx: ActionContext, params: { job_ids?: string[] | undefined }): Promise<string[]> {
  const ws = ctx.caller.workspaceId;
  if (params.job_ids === undefined) return (await ctx.deps.queue.listDead(ws, ACTION_MAX_IDS)).map((j) => j.job_id);
  const ids: string[] = [];
  for (const id of new Set(params.job_ids)) if (await ctx.deps.queue.getDeadJob(ws, id)) ids.push(id);
  return ids;
}
