import { RUNTIME_SETTINGS } from '../../../../../shared/runtime-settings';
import { ChangeSettingParams } from '../../../../../shared/schemas/runbook';
import { changeRuntimeSetting, runtimeSetting } from '../runtime-settings';
import { defineAction, singlePreview } from './action';

export const changeSetting = defineAction({
  id: 'change-setting',
  title: 'Change a setting',
  description: `Change a setting on the running engine, on every process, from the next use and without a restart: ${Object.entries(RUNTIME_SETTINGS).map(([name, s]) => `${name} (${s.meaning})`).join('; ')}. Undo: change-setting back to the value before.`,
  scope: 'system',
  params: ChangeSettingParams,
  async preview(ctx, params) {
    const now = await runtimeSetting(ctx.kv, ctx.deps.settings, params.name);
    const from = `${now.value}${now.changed ? ` (set by ${now.changed.by})` : ' (configured)'}`;
    if (now.value === params.value) return singlePreview(`${params.name} is already ${from}: nothing changes.`, { settings: 0 }, params.name, params);
    return singlePreview(`Change ${params.name} from ${from} to ${params.value}: ${RUNTIME_SETTINGS[params.name].meaning}.`, { settings: 1 }, params.name, params);
  },
  async run(ctx, params, preview, progress) {
    const touched = preview.touches.counts.settings ?? 0;
    const before = await runtimeSetting(ctx.kv, ctx.deps.settings, params.name);
    if (touched > 0) await changeRuntimeSetting(ctx.kv, params.name, { value: params.value, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? `${params.name} is ${params.value} from now on (was ${before.value}).` : `${params.name} was already ${params.value}.`,
      counts: { settings: touched },
      undo: touched > 0 ? { action_id: 'change-setting', params: { name: params.name, value: before.value }, title: `Set ${params.name} back to ${before.value}` } : null,
    };
  },
});
