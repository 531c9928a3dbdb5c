import { NoParams } from '../../../../../shared/schemas/runbook';
import { currentMute, setMute } from '../../alerting/notification-mute';
import { defineAction, singlePreview } from './action';

const iso = (ms: number) => new Date(ms).toISOString();

export const unmuteNotifications = defineAction({
  id: 'unmute-notifications',
  title: 'Send alert notifications again',
  description: 'Lift the notification mute now: alerts still firing (and resolutions of alerts the receiver knew as firing) go out with the next delivery. Undo: mute-notifications until the time the mute had.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    const mute = await currentMute(ctx.kv, ctx.deps.clock.now());
    if (!mute) return singlePreview('Alert notifications are not muted: nothing changes.', { mutes: 0 }, 'notifications');
    return singlePreview(`Lift the mute ${mute.by} set until ${iso(mute.until)} ("${mute.reason}"): notifications flow again now.`, { mutes: 1 }, 'notifications');
  },
  async run(ctx, _params, preview, progress) {
    const mute = await currentMute(ctx.kv, ctx.deps.clock.now());
    const touched = mute && (preview.touches.counts.mutes ?? 0) > 0 ? 1 : 0;
    if (touched) await setMute(ctx.kv, null);
    progress(1, 1);
    return {
      summary: touched ? 'Alert notifications flow again; what the mute held back and still matters goes out with the next delivery.' : 'Alert notifications were not muted.',
      counts: { mutes: touched },
      undo: touched && mute ? { action_id: 'mute-notifications', params: { until: iso(mute.until) }, title: `Mute again until ${iso(mute.until)}` } : null,
    };
  },
});
