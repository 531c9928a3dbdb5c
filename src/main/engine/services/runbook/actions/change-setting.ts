import { AppError } from '../../../../../shared/errors';
import { RUNTIME_SETTINGS } from '../../../../../shared/runtime-settings';
import type { JsonObject } from '../../../../../shared/schemas/common';
import { ChangeSettingParams } from '../../../../../shared/schemas/runbook';
import { changeRuntimeSetting, runtimeSetting, type ConfiguredSettings, type SettingRef } from '../runtime-settings';
import { defineAction, singlePreview, type ActionContext } from './action';

const configuredOf = (ctx: ActionContext): ConfiguredSettings => ({ pipeline: ctx.deps.settings, integrations: ctx.breakerAdmin.integrations, rateLimitPerMinute: ctx.rateLimitPerMinute });

/** The integrations, or the workspaces (those with an API key), a setting of that kind may be changed for. */
async function knownTargets(ctx: ActionContext, kind: 'integration' | 'workspace'): Promise<string[]> {
  if (kind === 'integration') return ctx.breakerAdmin.integrations.map((i) => i.name);
  return [...new Set((await ctx.deps.store.listKeys()).map((k) => k.workspaceId))].sort();
}

/** The setting and its target, once the target is known to exist: else 400 naming the ones that do. */
async function settingRef(ctx: ActionContext, params: ChangeSettingParams): Promise<SettingRef> {
  const kind = RUNTIME_SETTINGS[params.name].target;
  if (kind === null) return { name: params.name };
  const known = await knownTargets(ctx, kind);
  if (params.target === undefined || !known.includes(params.target)) {
    const which = known.length ? `the ${kind}s are ${known.join(', ')}` : `no ${kind} is configured`;
    const message = `params of change-setting: target: no ${kind} ${JSON.stringify(params.target)}; ${which}`;
    throw new AppError('validation_failed', message, { issues: [{ path: 'target', message, code: 'custom' }] });
  }
  return { name: params.name, target: params.target };
}

/** change-setting's params that set this setting (for its target) to `value`. */
function undoParams(ref: SettingRef, value: number): JsonObject {
  return ref.target === undefined ? { name: ref.name, value } : { name: ref.name, target: ref.target, value };
}

const named = (ref: SettingRef) => (ref.target === undefined ? ref.name : `${ref.name} of ${RUNTIME_SETTINGS[ref.name].target} ${ref.target}`);
const idOf = (ref: SettingRef) => (ref.target === undefined ? ref.name : `${ref.name}:${ref.target}`);

export const changeSetting = defineAction({
  id: 'change-setting',
  title: 'Change a setting',
  description: `Change a setting on the running engine, on every process, from the next use and without a restart: ${Object.entries(RUNTIME_SETTINGS)
    .map(([name, s]) => `${name}${s.target ? ` (per ${s.target}: give target)` : ''} (${s.meaning})`)
    .join('; ')}. Undo: change-setting back to the value before, for the same target.`,
  scope: 'system',
  params: ChangeSettingParams,
  async preview(ctx, params) {
    const ref = await settingRef(ctx, params);
    const now = await runtimeSetting(ctx.kv, configuredOf(ctx), ref);
    const from = `${now.value}${now.changed ? ` (set by ${now.changed.by})` : ' (configured)'}`;
    if (now.value === params.value) return singlePreview(`${named(ref)} is already ${from}: nothing changes.`, { settings: 0 }, idOf(ref), params);
    return singlePreview(`Change ${named(ref)} from ${from} to ${params.value}: ${RUNTIME_SETTINGS[params.name].meaning}.`, { settings: 1 }, idOf(ref), params);
  },
  async run(ctx, params, preview, progress) {
    const ref = await settingRef(ctx, params);
    const touched = preview.touches.counts.settings ?? 0;
    const before = await runtimeSetting(ctx.kv, configuredOf(ctx), ref);
    if (touched > 0) await changeRuntimeSetting(ctx.kv, ref, { value: params.value, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? `${named(ref)} is ${params.value} from now on (was ${before.value}).` : `${named(ref)} was already ${params.value}.`,
      counts: { settings: touched },
      undo: touched > 0 ? { action_id: 'change-setting', params: undoParams(ref, before.value), title: `Set ${named(ref)} back to ${before.value}` } : null,
    };
  },
});
