import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The engine's Prometheus metrics, one registry per engine (tests run several engines in one process).
 * Names carry their unit; the runbooks' questions map onto them in RUNBOOK.md.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool rejects them);
  // the same figures stay available by type as nodejs_active_handles, _requests and _resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'decisionos_decisions_total',
    help: 'Decisions that reached a status, by type and status.',
    labelNames: ['decision_type', 'status'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'decisionos_decision_lag_seconds',
    help: 'Source event to supervisor decision.',
    labelNames: ['decision_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const riskScore = new Histogram({
    name: 'decisionos_risk_score',
    help: 'Risk score distribution of judged decisions.',
    labelNames: ['decision_type'] as const,
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    registers: [registry],
  });
  const enqueued = new Counter({ name: 'decisionos_queue_enqueued_total', help: 'Jobs put on the queue.', registers: [registry] });
  const dequeued = new Counter({ name: 'decisionos_queue_dequeued_total', help: 'Jobs claimed by a worker.', registers: [registry] });
  const deadLettered = new Counter({
    name: 'decisionos_queue_dead_lettered_total',
    help: 'Jobs dead-lettered after their last attempt.',
    registers: [registry],
  });
  const reconciled = new Counter({
    name: 'decisionos_reconciler_requeued_total',
    help: 'Open decisions found without a ready or leased job and put back on the queue by the reconciler.',
    registers: [registry],
  });
  const retries = new Counter({ name: 'decisionos_worker_retries_total', help: 'Retries scheduled.', registers: [registry] });
  const queueDepth = new Gauge({
    name: 'decisionos_queue_depth',
    help: 'Jobs on the queue by state (ready, delayed, leased, dead).',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const oldestJobAge = new Gauge({
    name: 'decisionos_queue_oldest_job_age_seconds',
    help: 'Age of the oldest ready job.',
    registers: [registry],
  });
  const workerBusy = new Gauge({
    name: 'decisionos_worker_busy_ratio',
    help: 'Share of worker loops busy judging a batch, sampled.',
    registers: [registry],
  });
  const workerIdle = new Gauge({
    name: 'decisionos_worker_idle_ratio',
    help: 'Share of worker loops waiting for work, sampled (1 - busy ratio; 0 with no worker).',
    registers: [registry],
  });
  const attentionTasks = new Gauge({
    name: 'decisionos_tasks',
    help: 'Tasks in a state that needs someone (BLOCKED, NEEDS_REVIEW, FAILED), every workspace.',
    labelNames: ['status'],
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: 'decisionos_breaker_state',
    help: 'Circuit breaker state per integration: 1 for the current state, 0 for the others.',
    labelNames: ['integration', 'state'],
    registers: [registry],
  });
  const breakerTransitions = new Counter({
    name: 'decisionos_breaker_transitions_total',
    help: 'Circuit breaker state changes.',
    labelNames: ['integration', 'from', 'to'],
    registers: [registry],
  });
  const integrationCallDuration = new Histogram({
    name: 'decisionos_integration_call_duration_seconds',
    help: 'Integration calls by outcome (ok, error, rejected: not let out by the breaker).',
    labelNames: ['integration', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const alertsFired = new Counter({
    name: 'decisionos_alerts_total',
    help: 'Alerts that fired, by rule and severity.',
    labelNames: ['rule', 'severity'],
    registers: [registry],
  });
  const alertNotifications = new Counter({
    name: 'decisionos_alert_notifications_total',
    help: 'Webhook deliveries of alert notifications, by outcome (delivered, failed, rejected by the breaker).',
    labelNames: ['status'],
    registers: [registry],
  });
  const dbSize = new Gauge({ name: 'decisionos_db_size_bytes', help: 'Embedded database size.', registers: [registry] });

  return { registry, httpDuration, httpRequests, decisions, lag, riskScore, enqueued, dequeued, deadLettered, reconciled, retries, queueDepth, oldestJobAge, workerBusy, workerIdle, attentionTasks, breakerState, breakerTransitions, integrationCallDuration, alertsFired, alertNotifications, dbSize };
}

export type EngineMetrics = ReturnType<typeof createMetrics>;
