import { NoParams } from '../../../../../shared/schemas/runbook';
import { intakePause, setIntakePaused } from '../intake-switch';
import { defineAction, singlePreview } from './action';

export const pauseIntake = defineAction({
  id: 'pause-intake',
  title: 'Pause intake',
  description: 'Refuse new decisions on every API process (POST /api/decisions answers 503 intake_paused with Retry-After) while the worker keeps judging what is queued and everything else works. Undo: resume-intake.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (await intakePause(ctx.kv)) return singlePreview('Intake is already paused: nothing changes.', { switches: 0 }, 'intake');
    const counts = await ctx.deps.queue.counts(null, ctx.deps.clock.now());
    return singlePreview(
      `Refuse every new decision (503 intake_paused) until resume-intake; the ${counts.ready + counts.delayed + counts.leased} job(s) on the queue are still judged.`,
      { switches: 1 },
      'intake',
    );
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.switches ?? 0;
    if (touched > 0) await setIntakePaused(ctx.kv, { paused: true, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? 'Intake is paused: new decisions get 503 intake_paused until resume-intake.' : 'Intake was already paused.',
      counts: { switches: touched },
      undo: touched > 0 ? { action_id: 'resume-intake', params: {}, title: 'Resume intake' } : null,
    };
  },
});
