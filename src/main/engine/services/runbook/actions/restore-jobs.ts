import { RestoreJobsParams } from '../../../../../shared/schemas/runbook';
import type { RemovedJob } from '../../../../../shared/schemas/removed-jobs';
import { restorableAfterRemoval } from '../../../domain/decision-lifecycle';
import { defineAction, type ActionContext } from './action';
import { RESTORE_ACTION_ID, jobActionAudit, movedOnMeanwhile } from './removed-jobs';

/**
 * The jobs of the file that can go back now: the decision is in the caller's workspace and still fails with the
 * error it had once its job was removed (not judged, retried or restored since).
 */
async function restorable(ctx: ActionContext, jobs: RemovedJob[]): Promise<RemovedJob[]> {
  const ready: RemovedJob[] = [];
  for (const job of jobs) {
    const decision = await ctx.deps.store.getDecision(ctx.caller.workspaceId, job.decision_id);
    if (decision && restorableAfterRemoval(decision.status, decision.last_error, job.decision_error)) ready.push(job);
  }
  return ready;
}

export const restoreJobs = defineAction({
  id: RESTORE_ACTION_ID,
  title: 'Restore purged or discarded jobs',
  description:
    'Put the jobs of a purge or discard file (its bare name, from that run\'s undo) back on the queue: their decisions go back to queued and are judged again. A file is restored once; jobs whose decision moved on since are left alone.',
  scope: 'operate',
  params: RestoreJobsParams,
  async preview(ctx, params) {
    const jobs = await ctx.removedJobs.read(params.file, ctx.caller.workspaceId);
    const ids = (await restorable(ctx, jobs)).map((j) => j.job_id);
    const gone = jobs.length - ids.length;
    return {
      summary: `Restore ${ids.length} of the ${jobs.length} job(s) in ${params.file}: their decisions go back to queued and are judged again${gone ? `; ${gone} whose decision moved on since stay as they are` : ''}.`,
      touches: { counts: { jobs: ids.length }, ids, total: ids.length },
      destructive: false,
      confirm: null,
      params,
    };
  },
  async run(ctx, params, preview, progress) {
    const ws = ctx.caller.workspaceId;
    const pinned = new Set(preview.touches.ids);
    const jobs = (await ctx.removedJobs.read(params.file, ws)).filter((j) => pinned.has(j.job_id));
    // Taken before anything is put back: of two restores of one file, the second stops here (409) and adds nothing.
    await ctx.removedJobs.markRestored(params.file);
    let restored = 0;
    let skipped = 0;
    progress(0, jobs.length);
    for (const [i, job] of jobs.entries()) {
      try {
        await ctx.deps.store.restoreRemovedJob(ws, { jobId: job.job_id, decisionId: job.decision_id, priority: job.priority }, jobActionAudit(ctx, RESTORE_ACTION_ID, job, ctx.deps.clock.now(), { file: params.file }));
        restored += 1;
      } catch (error) {
        if (!movedOnMeanwhile(error)) throw error;
        skipped += 1;
      }
      progress(i + 1, jobs.length);
    }
    if (restored > 0) ctx.notify();
    return {
      summary: `${restored} job(s) from ${params.file} back on the queue${skipped ? `, ${skipped} whose decision moved on meanwhile left alone` : ''}.`,
      counts: { jobs: restored, ...(skipped ? { skipped } : {}) },
      undo: null,
    };
  },
});
