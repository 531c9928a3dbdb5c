import { NoParams } from '../../../../../shared/schemas/runbook';
import { setQueuePaused } from '../queue-admin';
import { defineAction, singlePreview } from './action';

export const resumeWorker = defineAction({
  id: 'resume-worker',
  title: 'Resume the worker',
  description: 'Claim jobs again on every worker process after pause-worker. Undo: pause-worker.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (!(await ctx.deps.queue.isPaused())) return singlePreview('The worker is not paused: nothing changes.', { queue: 0 }, 'queue');
    const counts = await ctx.deps.queue.counts(null, ctx.deps.clock.now());
    return singlePreview(`Claim jobs again: ${counts.ready} ready job(s) are waiting.`, { queue: 1 }, 'queue');
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.queue ?? 0;
    if (touched > 0) {
      await setQueuePaused(ctx.deps, ctx.caller, false, ctx.reason, ctx.load());
      ctx.notify();
    }
    progress(1, 1);
    return {
      summary: touched > 0 ? 'The worker claims jobs again.' : 'The worker was not paused.',
      counts: { queue: touched },
      undo: touched > 0 ? { action_id: 'pause-worker', params: {}, title: 'Pause the worker' } : null,
    };
  },
});
