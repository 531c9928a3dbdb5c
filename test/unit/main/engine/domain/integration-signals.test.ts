import { describe, expect, it } from 'vitest';
import { breakerConfigOf, signalsFromAnswer, unavailableFinding } from '../../../../../src/main/engine/domain/integration-signals';
import { IntegrationConfig } from '../../../../../src/shared/schemas/integrations';

const sanctions = (over: Record<string, unknown> = {}) =>
  IntegrationConfig.parse({ name: 'sanctions', url: 'http://127.0.0.1:9/check', applies_to: ['payment_fraud_check'], ...over });

describe('signalsFromAnswer', () => {
  it('prefixes flat fields with the integration name, keeps primitives and drops nested values and odd keys', () => {
    expect(signalsFromAnswer('sanctions', { hit: true, score: 0.7, list: 'OFAC', note: null, nested: { a: 1 }, arr: [1], 'bad key': 1, inf: Infinity })).toEqual({
      sanctions_available: true, sanctions_hit: true, sanctions_score: 0.7, sanctions_list: 'OFAC', sanctions_note: null,
    });
  });
});

describe('unavailableFinding', () => {
  it('sends the decision to review by default, with the missing reason', () => {
    expect(unavailableFinding(sanctions(), 'circuit_open', 'breaker open')).toEqual({
      code: 'integration_unavailable', severity: 'medium', kind: 'anomaly', rule_id: 'integration.sanctions',
      message: 'sanctions gave no answer (circuit_open): breaker open', missing_reason: 'circuit_open',
    });
  });

  it('blocks when the integration is configured on_unavailable: blocked', () => {
    expect(unavailableFinding(sanctions({ on_unavailable: 'blocked' }), 'timeout', 'slow')).toMatchObject({ kind: 'redline', severity: 'high' });
  });
});

describe('breakerConfigOf', () => {
  it('maps the runbook knobs, in seconds, onto the state machine, with the documented defaults', () => {
    expect(breakerConfigOf(sanctions())).toEqual({ failureThreshold: 5, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 1 });
    expect(breakerConfigOf(sanctions({ breaker: { failure_rate: 0.5, open_cooldown_seconds: 0.5 } }))).toMatchObject({ failureRate: 0.5, openCooldownMs: 500 });
  });
});
