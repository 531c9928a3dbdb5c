import { AppError } from '../../../../../shared/errors';
import { ExpireSilenceParams } from '../../../../../shared/schemas/runbook';
import { describeMatchers, silenceMatches } from '../../../domain/silences';
import { defineAction } from './action';

export const expireSilence = defineAction({
  id: 'expire-silence',
  title: 'End a silence now',
  description: 'End an active silence now, or cancel a scheduled one (as the Alerts screen does): the alerts it muted notify again. Nothing to undo: silence the alert again if needed.',
  scope: 'system',
  params: ExpireSilenceParams,
  async preview(ctx, params) {
    const silence = ctx.alerts.listSilences().find((s) => s.id === params.silence_id);
    if (!silence) throw new AppError('not_found', `no silence ${params.silence_id}`);
    if (silence.state === 'expired') {
      return { summary: `Silence ${silence.id} already ended at ${silence.ends_at}: nothing changes.`, touches: { counts: { silences: 0, alerts: 0 }, ids: [], total: 0 }, destructive: false, confirm: null, params };
    }
    const muted = silence.state === 'active' ? ctx.alerts.active(true).filter((a) => silenceMatches(silence, a.labels)).map((a) => a.rule_id) : [];
    return {
      summary: `End silence ${silence.id} (${describeMatchers(silence.matchers)}, by ${silence.created_by}: "${silence.comment}")${muted.length ? `: ${muted.join(', ')} notify again` : ''}.`,
      touches: { counts: { silences: 1, alerts: muted.length }, ids: [silence.id, ...muted], total: 1 + muted.length },
      destructive: false,
      confirm: null,
      params,
    };
  },
  async run(ctx, params, preview, progress) {
    if ((preview.touches.counts.silences ?? 0) === 0) {
      progress(1, 1);
      return { summary: `Silence ${params.silence_id} had already ended.`, counts: { silences: 0, alerts: 0 }, undo: null };
    }
    const ended = await ctx.alerts.expireSilence(ctx.caller, params.silence_id, ctx.reason);
    progress(1, 1);
    return {
      summary: `Silence ${ended.id} ended at ${ended.ends_at}.`,
      counts: { silences: 1, alerts: preview.touches.counts.alerts ?? 0 },
      undo: null,
    };
  },
});
