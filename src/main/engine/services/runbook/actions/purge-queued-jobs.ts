import { ACTION_MAX_IDS, PurgeQueuedJobsParams } from '../../../../../shared/schemas/runbook';
import type { WaitingJobFilter } from '../../../ports/job-queue';
import { defineAction, pinnedPreview } from './action';
import { jobActionAudit, purgedError, removedWaitingJob, restoreUndo, type Removal } from './removed-jobs';

const ID = 'purge-queued-jobs';

function filterOf(params: PurgeQueuedJobsParams): WaitingJobFilter {
  return {
    ...(params.job_ids !== undefined ? { jobIds: params.job_ids } : {}),
    ...(params.decision_type !== undefined ? { decisionType: params.decision_type } : {}),
    ...(params.task_ids !== undefined ? { taskIds: params.task_ids } : {}),
    ...(params.enqueued_before !== undefined ? { enqueuedBefore: Date.parse(params.enqueued_before) } : {}),
    ...(params.enqueued_after !== undefined ? { enqueuedAfter: Date.parse(params.enqueued_after) } : {}),
  };
}

export const purgeQueuedJobs = defineAction({
  id: ID,
  title: 'Purge queued jobs',
  description:
    'Take the waiting (ready or delayed) jobs of this workspace that match a filter off the queue: they are written to a restorable file first, then removed, and their decisions fail as purged. Only the previewed jobs are removed, however many arrive meanwhile; a job a worker claimed meanwhile is left alone. Undo: restore-jobs with the file.',
  scope: 'operate',
  params: PurgeQueuedJobsParams,
  async preview(ctx, params) {
    const found = await ctx.deps.queue.listWaiting(ctx.caller.workspaceId, filterOf(params), ACTION_MAX_IDS + 1);
    const ids = found.slice(0, ACTION_MAX_IDS).map((j) => j.jobId);
    const more = found.length > ACTION_MAX_IDS ? ` (the oldest ${ACTION_MAX_IDS} of more that match: run it again for the rest)` : '';
    const summary = `Purge ${ids.length} waiting job(s)${more}: written to a restorable file, then removed from the queue; their decisions fail as purged.`;
    return pinnedPreview(summary, 'jobs', ids, { ...params, job_ids: ids }, params);
  },
  async run(ctx, params, preview, progress) {
    const { queue, store, clock } = ctx.deps;
    const ws = ctx.caller.workspaceId;
    const ids = preview.touches.ids;
    progress(0, ids.length);
    const jobs = ids.length === 0 ? [] : await queue.listWaiting(ws, { ...filterOf(params), jobIds: ids }, ACTION_MAX_IDS);
    if (jobs.length === 0) {
      return { summary: `No job purged: ${ids.length ? 'the previewed jobs were claimed or removed meanwhile' : 'none matched'}.`, counts: { jobs: 0, ...(ids.length ? { skipped: ids.length } : {}) }, undo: null };
    }
    const removal: Removal = { kind: 'purged', at: clock.now(), actor: ctx.caller.name, reason: ctx.reason };
    const error = purgedError(removal);
    // The file first: a job is off the queue only once it is on disk, so a crash in between loses nothing.
    const file = await ctx.removedJobs.write('purged', ws, jobs.map((j) => removedWaitingJob(j, removal, error)), removal.at);
    const removed = new Set(await queue.removeWaiting(ws, jobs.map((j) => j.jobId)));
    let done = 0;
    for (const job of jobs) {
      if (!removed.has(job.jobId)) continue;
      // Failed, not left queued: the reconciler would otherwise see a queued decision without a job and queue it again.
      await store.failPurgedDecision(ws, job.decisionId, error, jobActionAudit(ctx, ID, { job_id: job.jobId, decision_id: job.decisionId, task_id: job.taskId, decision_type: job.decisionType }, clock.now(), { file }));
      done += 1;
      progress(done, ids.length);
    }
    const skipped = ids.length - removed.size;
    progress(ids.length, ids.length);
    return {
      summary: `${removed.size} job(s) purged to ${file}${skipped ? `, ${skipped} claimed or removed meanwhile left alone` : ''}; their decisions failed as purged.`,
      counts: { jobs: removed.size, ...(skipped ? { skipped } : {}) },
      undo: removed.size > 0 ? restoreUndo(file, 'purged') : null,
    };
  },
});
