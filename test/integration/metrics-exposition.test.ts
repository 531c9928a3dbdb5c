import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import { ENGINE_VERSION } from '../../src/main/engine/engine';
import { DEFAULT_ALERT_RULES } from '../../src/main/engine/domain/default-alert-rules';

let t: TestEngine;
let firstScrape: string;
const sanctions = {
  name: 'sanctions', url: 'http://127.0.0.1:9/', applies_to: ['payment_fraud_check' as const], timeout_ms: 500, retries: 0, retry_backoff_ms: 0,
  on_unavailable: 'needs_review' as const, breaker: { failure_threshold: 1, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
};

beforeAll(async () => {
  // A receiver (never posted to here): its notification series must start at zero.
  t = await startTestEngine({ integrations: [sanctions], workerConcurrency: 0, alertWebhookUrl: 'http://127.0.0.1:9/hook' }, { telemetryTimer: false });
  // Nothing has happened yet but this scrape.
  firstScrape = (await t.request('GET', '/metrics', { key: null })).body as string;
});
afterAll(async () => {
  await t?.close();
});

describe('/metrics exposition', () => {
  it('says which build answers in decisionos_build_info', () => {
    expect(firstScrape).toContain(
      `decisionos_build_info{version="${ENGINE_VERSION}",node="${process.version}",platform="${process.platform}",arch="${process.arch}"} 1`,
    );
  });

  it('has every labelled series whose label values are known at start, at zero, before anything happened', () => {
    for (const line of [
      'decisionos_decisions_total{decision_type="reconciliation",status="blocked"} 0',
      'decisionos_decisions_total{decision_type="agent_tool_call",status="failed"} 0',
      'decisionos_decision_lag_seconds_count{decision_type="payment_fraud_check"} 0',
      'decisionos_risk_score_count{decision_type="reconciliation"} 0',
      'http_request_duration_seconds_count{method="POST",route="/api/decisions",code="500"} 0',
      'http_request_duration_seconds_count{method="GET",route="/api/governance/tasks/:task_id/decision-trace",code="200"} 0',
      'decisionos_queue_depth{state="dead"} 0',
      'decisionos_tasks{status="NEEDS_REVIEW"} 0',
      'decisionos_breaker_state{integration="sanctions",state="OPEN"} 0',
      'decisionos_breaker_transitions_total{integration="sanctions",from="CLOSED",to="OPEN"} 0',
      'decisionos_breaker_transitions_total{integration="sanctions",from="HALF_OPEN",to="CLOSED"} 0',
      'decisionos_integration_call_duration_seconds_count{integration="sanctions",outcome="rejected"} 0',
      'decisionos_alert_notifications_total{receiver="webhook",status="failed"} 0',
    ]) expect(firstScrape, line).toContain(line);
    for (const rule of DEFAULT_ALERT_RULES) expect(firstScrape, rule.id).toContain(`decisionos_alerts_total{rule="${rule.id}",severity="${rule.severity}"} 0`);
  });

  it('labels the HTTP status `code`, and drops the duplicate request counter and the derived idle ratio', async () => {
    await t.request('GET', '/api/queue');
    const text = (await t.request('GET', '/metrics', { key: null })).body as string;
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/api/queue",code="200"} 1');
    expect(text).not.toMatch(/^http_request_duration_seconds\w*\{[^}]*\bstatus=/m);
    expect(text).not.toContain('http_requests_total');
    expect(text).not.toContain('decisionos_worker_idle_ratio');
    expect(text).toContain('# TYPE decisionos_worker_busy_ratio gauge');
  });

  it('starts the series of an alert rule created later at zero too', async () => {
    const rule = { id: 'reviews-pile-up', metric: 'needs_review_tasks', type: 'threshold', threshold: 500, severity: 'info', message: 'reviews pile up' };
    expect((await t.request('POST', '/api/alerts/rules', { body: { rule, reason: 'Mondays' } })).status).toBe(200);
    const text = (await t.request('GET', '/metrics', { key: null })).body as string;
    expect(text).toContain('decisionos_alerts_total{rule="reviews-pile-up",severity="info"} 0');
  });
});
