import { NoParams } from '../../../../../shared/schemas/runbook';
import { setQueuePaused } from '../queue-admin';
import { defineAction, singlePreview } from './action';

export const pauseWorker = defineAction({
  id: 'pause-worker',
  title: 'Pause the worker',
  description: 'Stop claiming jobs on every worker process. Submissions are still accepted and wait in the queue. Undo: resume-worker.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (await ctx.deps.queue.isPaused()) return singlePreview('The worker is already paused: nothing changes.', { queue: 0 }, 'queue');
    const counts = await ctx.deps.queue.counts(null, ctx.deps.clock.now());
    return singlePreview(`Stop claiming jobs: ${counts.ready} ready and ${counts.delayed} delayed job(s) wait until resume-worker; jobs in hand finish.`, { queue: 1 }, 'queue');
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.queue ?? 0;
    if (touched > 0) await setQueuePaused(ctx.deps, ctx.caller, true, ctx.reason, ctx.load());
    progress(1, 1);
    return {
      summary: touched > 0 ? 'The worker is paused: no job is claimed until resume-worker.' : 'The worker was already paused.',
      counts: { queue: touched },
      undo: touched > 0 ? { action_id: 'resume-worker', params: {}, title: 'Resume the worker' } : null,
    };
  },
});
