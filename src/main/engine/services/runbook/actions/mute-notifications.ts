import { AppError } from '../../../../../shared/errors';
import { MuteNotificationsParams } from '../../../../../shared/schemas/runbook';
import { currentMute, muteEndProblem, setMute } from '../../alerting/notification-mute';
import type { ActionUndo } from '../../../../../shared/schemas/runbook';
import { defineAction, singlePreview } from './action';

const iso = (ms: number) => new Date(ms).toISOString();

export const muteNotifications = defineAction({
  id: 'mute-notifications',
  title: 'Mute all alert notifications for a while',
  description:
    'Nothing is sent to the alert webhook until the given time (minutes from now, or until): alerts still evaluate, fire and resolve on screen, and each held-back notification is listed in the deliveries as held. When the mute ends, alerts still firing are sent once. Undo: unmute-notifications.',
  scope: 'system',
  params: MuteNotificationsParams,
  async preview(ctx, params) {
    const now = ctx.deps.clock.now();
    const until = params.until !== undefined ? Date.parse(params.until) : now + (params.minutes as number) * 60_000;
    const problem = muteEndProblem(until, now);
    if (problem) throw new AppError('validation_failed', `params of mute-notifications: ${problem}`);
    const before = await currentMute(ctx.kv, now);
    const replacing = before ? ` (replacing the mute ${before.by} set until ${iso(before.until)})` : '';
    return singlePreview(
      `Hold back every alert notification until ${iso(until)}${replacing}; ${ctx.alerts.active(true).length} alert(s) fire now.`,
      { mutes: 1 },
      'notifications',
      { until: iso(until) },
    );
  },
  async run(ctx, _params, preview, progress) {
    const now = ctx.deps.clock.now();
    const until = Date.parse(preview.params.until as string); // the preview pins minutes as until
    const before = await currentMute(ctx.kv, now);
    await setMute(ctx.kv, { until, by: ctx.caller.name, reason: ctx.reason, at: now });
    progress(1, 1);
    const undo: ActionUndo = before
      ? { action_id: 'mute-notifications', params: { until: iso(before.until) }, title: `Mute until ${iso(before.until)} again (the mute this one replaced)` }
      : { action_id: 'unmute-notifications', params: {}, title: 'Send alert notifications again' };
    return {
      summary: `Alert notifications are muted until ${iso(until)}: nothing goes to the webhook until then or unmute-notifications.`,
      counts: { mutes: 1 },
      undo,
    };
  },
});
