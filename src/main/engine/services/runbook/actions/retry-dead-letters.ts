import { AppError } from '../../../../../shared/errors';
import { RetryDeadLettersParams } from '../../../../../shared/schemas/runbook';
import { retryDeadJob } from '../queue-admin';
import { defineAction, pinnedPreview } from './action';
import { deadJobs } from './dead-jobs';

/** A job another operator retried meanwhile is no longer dead: left alone, not an error. */
const goneMeanwhile = (e: unknown) => e instanceof AppError && (e.code === 'not_found' || e.code === 'invalid_state');

export const retryDeadLetters = defineAction({
  id: 'retry-dead-letters',
  title: 'Retry dead letters',
  description: 'Put dead-lettered jobs (the selected ones, or all that the preview listed) back on the queue: their decisions are queued again. Only the previewed jobs are retried, however many die meanwhile.',
  scope: 'operate',
  params: RetryDeadLettersParams,
  async preview(ctx, params) {
    const ids = await deadJobs(ctx, params);
    // Pinned: "all" becomes the jobs listed now, so dead letters that arrive before the run are not retried.
    return pinnedPreview(`Retry ${ids.length} dead-lettered job(s): their decisions go back to queued and are judged again.`, 'jobs', ids, { job_ids: ids }, params);
  },
  async run(ctx, _params, preview, progress) {
    const ids = preview.touches.ids;
    let retried = 0;
    let skipped = 0;
    progress(0, ids.length);
    for (const [i, jobId] of ids.entries()) {
      try {
        await retryDeadJob(ctx.deps, ctx.caller, jobId, ctx.reason, ctx.notify);
        retried += 1;
      } catch (error) {
        if (!goneMeanwhile(error)) throw error;
        skipped += 1;
      }
      progress(i + 1, ids.length);
    }
    return {
      summary: `${retried} dead-lettered job(s) back on the queue${skipped ? `, ${skipped} no longer dead left alone` : ''}.`,
      counts: { jobs: retried, ...(skipped ? { skipped } : {}) },
      undo: null,
    };
  },
});
