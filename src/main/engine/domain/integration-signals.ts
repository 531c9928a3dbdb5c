import type { Finding, Signals } from '../../../shared/schemas/decision';
import type { IntegrationConfig } from '../../../shared/schemas/integrations';
import type { BreakerConfig } from './breaker';

/**
 * Why an integration gave no answer: the runbooks tell `circuit_open` from `fetch_error` in their logs. `redirect`:
 * it answered 3xx (never followed); `bad_response`: over the size cap, not JSON, or not a JSON object.
 */
export type MissingReason = 'circuit_open' | 'timeout' | 'fetch_error' | 'redirect' | 'bad_response';

/** Each call's outcome, for the call-duration histogram: `rejected` means the breaker did not let it out. */
export const INTEGRATION_CALL_OUTCOMES = ['ok', 'error', 'rejected'] as const;
export type IntegrationCallOutcome = (typeof INTEGRATION_CALL_OUTCOMES)[number];

/** A failed call, with the reason the decision's finding will carry. */
export class IntegrationCallError extends Error {
  constructor(
    readonly reason: MissingReason,
    message: string,
  ) {
    super(message);
    this.name = 'IntegrationCallError';
  }
}

export function breakerConfigOf(integration: IntegrationConfig): BreakerConfig {
  const b = integration.breaker;
  return {
    failureThreshold: b.failure_threshold,
    ...(b.failure_rate !== undefined ? { failureRate: b.failure_rate } : {}),
    minCalls: b.min_calls,
    windowMs: b.window_seconds * 1000,
    openCooldownMs: b.open_cooldown_seconds * 1000,
    halfOpenProbeCount: b.half_open_probe_count,
  };
}

/**
 * An answer becomes flat signals `<name>_<field>` (signals are flat so CEL rules read `signals.sanctions_hit`);
 * nested values are left out rather than stringified, and `<name>_available` says whether there was an answer.
 */
export function signalsFromAnswer(name: string, answer: Record<string, unknown>): Signals {
  const signals: Signals = { [`${name}_available`]: true };
  for (const [field, value] of Object.entries(answer)) {
    if (!/^[a-z][a-z0-9_]{0,47}$/i.test(field)) continue;
    if (value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      signals[`${name}_${field}`] = value;
    }
  }
  return signals;
}

/** The finding an unavailable integration leaves: never a silent failure, and the reason it is missing. */
export function unavailableFinding(integration: IntegrationConfig, reason: MissingReason, detail: string): Finding & { missing_reason: MissingReason } {
  const blocks = integration.on_unavailable === 'blocked';
  return {
    code: 'integration_unavailable',
    severity: blocks ? 'high' : 'medium',
    message: `${integration.name} gave no answer (${reason}): ${detail}`,
    rule_id: `integration.${integration.name}`,
    kind: blocks ? 'redline' : 'anomaly',
    missing_reason: reason,
  };
}
