import { RUNTIME_SETTINGS, type RuntimeSettingName } from '../../../../shared/runtime-settings';
import type { KeyValue, KvReads } from '../../ports/key-value';
import type { PipelineSettings } from '../deps';
import { writeSwitch } from './kv-switch';

/** A changed setting as the shared KeyValue keeps it: the value and who set it, when and why. */
export interface ChangedSetting {
  value: number;
  by: string;
  reason: string;
  at: number;
}

const key = (name: RuntimeSettingName) => `settings:${name}`;

/** What each runtime setting is when nobody changed it: the engine's configuration. */
const CONFIGURED: Record<RuntimeSettingName, (s: PipelineSettings) => number> = {
  idempotency_ttl_ms: (s) => s.idempotencyTtlMs,
};

/** The value in force now and where it comes from (an operator's change, or the configuration). */
export async function runtimeSetting(kv: KvReads, settings: PipelineSettings, name: RuntimeSettingName): Promise<{ value: number; changed: ChangedSetting | null }> {
  const changed = (await kv.get<ChangedSetting>(key(name)))?.value ?? null;
  return { value: changed?.value ?? CONFIGURED[name](settings), changed };
}

export async function changeRuntimeSetting(kv: KeyValue, name: RuntimeSettingName, change: ChangedSetting): Promise<void> {
  const { min, max } = RUNTIME_SETTINGS[name];
  if (change.value < min || change.value > max) throw new RangeError(`${name} must be between ${min} and ${max}`);
  await writeSwitch(kv, key(name), change);
}

/** The pipeline settings with every runtime setting at its value now: what a submission is judged under. */
export async function livePipelineSettings(kv: KvReads, settings: PipelineSettings): Promise<PipelineSettings> {
  const ttl = await runtimeSetting(kv, settings, 'idempotency_ttl_ms');
  return ttl.changed ? { ...settings, idempotencyTtlMs: ttl.value } : settings;
}
