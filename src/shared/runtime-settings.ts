/**
 * The settings an operator changes on a running engine (the change-setting runbook action), with their bounds. Each
 * starts at its configured value (environment) until changed; a change is kept in the shared KeyValue, so every
 * process applies it from its next use, without a restart.
 */
export const RUNTIME_SETTINGS = {
  idempotency_ttl_ms: {
    title: 'Idempotency window',
    meaning: 'how long a client_request_id answers with its first decision (24 h unless changed; keys already stored keep their expiry)',
    min: 1_000,
    max: 30 * 86_400_000,
  },
} as const;

export type RuntimeSettingName = keyof typeof RUNTIME_SETTINGS;
export const RUNTIME_SETTING_NAMES = Object.keys(RUNTIME_SETTINGS) as [RuntimeSettingName, ...RuntimeSettingName[]];
