import { NoParams } from '../../../../../shared/schemas/runbook';
import { intakePause, setIntakePaused } from '../intake-switch';
import { defineAction, singlePreview } from './action';

export const resumeIntake = defineAction({
  id: 'resume-intake',
  title: 'Resume intake',
  description: 'Accept new decisions again on every API process after pause-intake. Undo: pause-intake.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    const pause = await intakePause(ctx.kv);
    if (!pause) return singlePreview('Intake is not paused: nothing changes.', { switches: 0 }, 'intake');
    return singlePreview(`Accept new decisions again (paused by ${pause.by} at ${new Date(pause.at).toISOString()}: ${pause.reason}).`, { switches: 1 }, 'intake');
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.switches ?? 0;
    if (touched > 0) await setIntakePaused(ctx.kv, { paused: false, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? 'Intake is open: new decisions are accepted again.' : 'Intake was not paused.',
      counts: { switches: touched },
      undo: touched > 0 ? { action_id: 'pause-intake', params: {}, title: 'Pause intake' } : null,
    };
  },
});
