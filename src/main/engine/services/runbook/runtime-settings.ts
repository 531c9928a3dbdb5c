import { RUNTIME_SETTINGS, type RuntimeSettingName } from '../../../../shared/runtime-settings';
import type { IntegrationConfig } from '../../../../shared/schemas/integrations';
import type { BreakerConfig } from '../../domain/breaker';
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

/** One setting, for one target when it is set per integration or per workspace (RUNTIME_SETTINGS' `target`). */
export interface SettingRef {
  name: RuntimeSettingName;
  target?: string | undefined;
}

/** What the runtime settings are when nobody changed them: the engine's configuration. */
export interface ConfiguredSettings {
  pipeline: PipelineSettings;
  integrations: readonly IntegrationConfig[];
  /** DECISIONOS_RATE_LIMIT_PER_MINUTE: every workspace's budget unless changed for it. */
  rateLimitPerMinute: number;
}

const key = ({ name, target }: SettingRef) => (target === undefined ? `settings:${name}` : `settings:${name}:${target}`);

/** The breaker settings an operator changes per integration, by their runbook names. */
const BREAKER_SETTINGS = ['failure_threshold', 'open_cooldown_seconds', 'half_open_probe_count'] as const;

function integrationNamed(configured: ConfiguredSettings, name: string | undefined): IntegrationConfig {
  const integration = configured.integrations.find((i) => i.name === name);
  if (!integration) throw new RangeError(`no integration ${String(name)}`);
  return integration;
}

const CONFIGURED: Record<RuntimeSettingName, (c: ConfiguredSettings, target: string | undefined) => number> = {
  idempotency_ttl_ms: (c) => c.pipeline.idempotencyTtlMs,
  failure_threshold: (c, target) => integrationNamed(c, target).breaker.failure_threshold,
  open_cooldown_seconds: (c, target) => integrationNamed(c, target).breaker.open_cooldown_seconds,
  half_open_probe_count: (c, target) => integrationNamed(c, target).breaker.half_open_probe_count,
  rate_limit_per_minute: (c) => c.rateLimitPerMinute,
};

async function changedSetting(kv: KvReads, ref: SettingRef): Promise<ChangedSetting | null> {
  return (await kv.get<ChangedSetting>(key(ref)))?.value ?? null;
}

/** The value in force now (for the target) and where it comes from (an operator's change, or the configuration). */
export async function runtimeSetting(kv: KvReads, configured: ConfiguredSettings, ref: SettingRef): Promise<{ value: number; changed: ChangedSetting | null }> {
  const changed = await changedSetting(kv, ref);
  return { value: changed?.value ?? CONFIGURED[ref.name](configured, ref.target), changed };
}

export async function changeRuntimeSetting(kv: KeyValue, ref: SettingRef, change: ChangedSetting): Promise<void> {
  const { min, max, target } = RUNTIME_SETTINGS[ref.name];
  if (change.value < min || change.value > max) throw new RangeError(`${ref.name} must be between ${min} and ${max}`);
  if ((target === null) !== (ref.target === undefined)) throw new RangeError(target === null ? `${ref.name} takes no target` : `${ref.name} needs a ${target} as target`);
  await writeSwitch(kv, key(ref), change);
}

/** The pipeline settings with every runtime setting at its value now: what a submission is judged under. */
export async function livePipelineSettings(kv: KvReads, settings: PipelineSettings): Promise<PipelineSettings> {
  const ttl = await changedSetting(kv, { name: 'idempotency_ttl_ms' });
  return ttl ? { ...settings, idempotencyTtlMs: ttl.value } : settings;
}

/**
 * An integration's breaker config with the operator's changes for it: what its breaker's next step runs under. The
 * breaker's state is not touched, so an OPEN breaker keeps when it opened and the new cooldown counts from then.
 */
export async function liveBreakerConfig(kv: KvReads, integration: string, configured: BreakerConfig): Promise<BreakerConfig> {
  const [threshold, cooldown, probes] = await Promise.all(BREAKER_SETTINGS.map((name) => changedSetting(kv, { name, target: integration })));
  if (!threshold && !cooldown && !probes) return configured;
  return {
    ...configured,
    ...(threshold ? { failureThreshold: threshold.value } : {}),
    ...(cooldown ? { openCooldownMs: cooldown.value * 1000 } : {}),
    ...(probes ? { halfOpenProbeCount: probes.value } : {}),
  };
}

/** A workspace's calls a minute when an operator changed them for it; null: the configured budget. */
export async function liveRateLimit(kv: KvReads, workspaceId: string): Promise<number | null> {
  return (await changedSetting(kv, { name: 'rate_limit_per_minute', target: workspaceId }))?.value ?? null;
}
