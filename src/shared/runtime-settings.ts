/**
 * The settings an operator changes on a running engine (the change-setting runbook action), with their bounds. Each
 * starts at its configured value (environment, or the integration's entry) until changed; a change is kept in the
 * shared KeyValue, so every process applies it from its next use, without a restart.
 *
 * `target` says what one value applies to: the whole engine (null), one integration (its breaker) or one workspace.
 * A setting with a target kind is changed for one target at a time, named in change-setting's `target`.
 */
export type RuntimeSettingTarget = 'integration' | 'workspace';

interface RuntimeSettingSpec {
  title: string;
  meaning: string;
  min: number;
  max: number;
  target: RuntimeSettingTarget | null;
}

export const RUNTIME_SETTINGS = {
  idempotency_ttl_ms: {
    title: 'Idempotency window',
    meaning: 'how long a client_request_id answers with its first decision (24 h unless changed; keys already stored keep their expiry)',
    min: 1_000,
    max: 30 * 86_400_000,
    target: null,
  },
  failure_threshold: {
    title: 'Breaker failure threshold',
    meaning: "failures within the window that open the integration's breaker (from its next failure)",
    min: 1,
    max: 10_000,
    target: 'integration',
  },
  open_cooldown_seconds: {
    title: 'Breaker cooldown',
    meaning: "how long the integration's open breaker rejects calls before probing (an open breaker keeps when it opened)",
    min: 1,
    max: 86_400,
    target: 'integration',
  },
  half_open_probe_count: {
    title: 'Breaker probes',
    meaning: "probes the integration's breaker lets through after the cooldown; all must succeed to close it",
    min: 1,
    max: 100,
    target: 'integration',
  },
  rate_limit_per_minute: {
    title: 'Workspace rate limit',
    meaning: "the workspace's submissions a minute, and its trace and summary calls a minute (each its own budget), from its next request",
    min: 1,
    max: 10_000_000,
    target: 'workspace',
  },
} as const satisfies Record<string, RuntimeSettingSpec>;

export type RuntimeSettingName = keyof typeof RUNTIME_SETTINGS;
export const RUNTIME_SETTING_NAMES = Object.keys(RUNTIME_SETTINGS) as [RuntimeSettingName, ...RuntimeSettingName[]];

