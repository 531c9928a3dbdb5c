import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OP_NAMES, contract } from '../../../shared/contract';
import { DECISION_TYPES, TERMINAL_STATUSES } from '../../../shared/schemas/decision';
import { AttentionTaskStatus } from '../../../shared/schemas/audit';
import { BreakerState } from '../../../shared/schemas/integrations';
import { DeliveryView } from '../../../shared/schemas/alerts';
import { INTEGRATION_CALL_OUTCOMES } from '../domain/integration-signals';

export interface MetricsOptions {
  /** The engine's version, for decisionos_build_info. */
  version: string;
  /** Every breaker the engine holds (integrations and the alert webhook): their series start at zero. */
  breakers: readonly string[];
  /** The alert receivers' names: their notification series start at zero. */
  receivers: readonly string[];
}

export const QUEUE_STATES = ['ready', 'delayed', 'leased', 'dead'] as const;

/**
 * The engine's Prometheus metrics, one registry per engine (tests run several engines in one process).
 * Names carry their unit; the runbooks' names are recording rules over these (deploy/prometheus/compat-rules.yml).
 * Every labelled series whose label values are known at start is created at zero, so rate() and increase()
 * see the first event instead of treating the series' first sample as its start.
 */
export function createMetrics(o: MetricsOptions) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool rejects them);
  // the same figures stay available by type as nodejs_active_handles, _requests and _resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);

  const buildInfo = new Gauge({
    name: 'decisionos_build_info',
    help: 'Always 1; the labels say which build and runtime answer.',
    labelNames: ['version', 'node', 'platform', 'arch'] as const,
    registers: [registry],
  });
  buildInfo.set({ version: o.version, node: process.version, platform: process.platform, arch: process.arch }, 1);

  // Requests are counted by this histogram's _count: a separate requests counter would only repeat it.
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code.',
    labelNames: ['method', 'route', 'code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
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
  const writeDuration = new Histogram({
    name: 'decisionos_decision_write_duration_seconds',
    help: 'Writing one batch of judged decisions to the store: outcomes, trace events and task states in one transaction.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const riskScore = new Histogram({
    name: 'decisionos_risk_score',
    help: 'Risk score distribution of judged decisions.',
    labelNames: ['decision_type'] as const,
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    registers: [registry],
  });
  const enqueued = new Counter({ name: 'decisionos_queue_enqueued_total', help: 'Jobs put on the queue: one per accepted submission (an idempotent replay adds none).', registers: [registry] });
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
  // The idle share is 1 minus this; compat-rules.yml records it as worker_idle_ratio for the runbooks.
  const workerBusy = new Gauge({
    name: 'decisionos_worker_busy_ratio',
    help: 'Share of worker loops busy judging a batch, sampled.',
    registers: [registry],
  });
  const attentionTasks = new Gauge({
    name: 'decisionos_tasks',
    help: 'Tasks in a state that needs someone (BLOCKED, NEEDS_REVIEW, FAILED), every workspace.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: 'decisionos_breaker_state',
    help: 'Circuit breaker state per integration: 1 for the current state, 0 for the others.',
    labelNames: ['integration', 'state'] as const,
    registers: [registry],
  });
  const breakerTransitions = new Counter({
    name: 'decisionos_breaker_transitions_total',
    help: 'Circuit breaker state changes.',
    labelNames: ['integration', 'from', 'to'] as const,
    registers: [registry],
  });
  const integrationCallDuration = new Histogram({
    name: 'decisionos_integration_call_duration_seconds',
    help: 'Integration calls by outcome (ok, error, rejected: not let out by the breaker).',
    labelNames: ['integration', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const alertsFired = new Counter({
    name: 'decisionos_alerts_total',
    help: 'Alerts that fired, by rule and severity.',
    labelNames: ['rule', 'severity'] as const,
    registers: [registry],
  });
  const alertNotifications = new Counter({
    name: 'decisionos_alert_notifications_total',
    help: 'Deliveries of alert notifications, by receiver and outcome (delivered, failed, rejected by the breaker, held by a mute).',
    labelNames: ['receiver', 'status'] as const,
    registers: [registry],
  });
  const dbSize = new Gauge({ name: 'decisionos_db_size_bytes', help: 'Embedded database size.', registers: [registry] });
  const missingTerminalRatio = new Gauge({
    name: 'decisionos_missing_terminal_ratio',
    help: 'Share of the decisions submitted 10 to 70 minutes ago (newest 10,000 per workspace) still queued or processing; 0 when none was submitted.',
    registers: [registry],
  });
  // Set once each part has run (never at 0: `time() - x` on a zero would fire before the first step).
  const monitorLastRun = new Gauge({
    name: 'decisionos_monitor_last_run_timestamp_seconds',
    help: "When this process's sampler last ran and (in the process that evaluates alert rules) its alert engine last evaluated them.",
    labelNames: ['part'] as const,
    registers: [registry],
  });

  // Series at zero for every label value known now. Routes come from the contract; each starts with 200 and 500
  // (a first 5xx must show in rate()); other codes appear when first answered.
  for (const name of OP_NAMES) {
    const op = contract[name];
    for (const route of [op.path, ...('aliases' in op ? op.aliases : [])]) {
      for (const code of ['200', '500']) httpDuration.zero({ method: op.method, route, code });
    }
  }
  for (const decisionType of DECISION_TYPES) {
    for (const status of TERMINAL_STATUSES) decisions.inc({ decision_type: decisionType, status }, 0);
    lag.zero({ decision_type: decisionType });
    riskScore.zero({ decision_type: decisionType });
  }
  for (const state of QUEUE_STATES) queueDepth.set({ state }, 0);
  for (const status of AttentionTaskStatus.options) attentionTasks.set({ status }, 0);
  for (const integration of o.breakers) {
    for (const state of BreakerState.options) {
      breakerState.set({ integration, state }, state === 'CLOSED' ? 1 : 0);
      for (const to of BreakerState.options) if (to !== state) breakerTransitions.inc({ integration, from: state, to }, 0);
    }
    for (const outcome of INTEGRATION_CALL_OUTCOMES) integrationCallDuration.zero({ integration, outcome });
  }
  for (const receiver of o.receivers) {
    for (const status of DeliveryView.shape.status.options) alertNotifications.inc({ receiver, status }, 0);
  }

  /** Alert rules live in the store, so their series start once the rules are loaded (and when one is added). */
  const knowAlertRules = (rules: readonly { id: string; severity: string; critical?: unknown }[]) => {
    for (const rule of rules) {
      alertsFired.inc({ rule: rule.id, severity: rule.severity }, 0);
      if (rule.critical) alertsFired.inc({ rule: rule.id, severity: 'critical' }, 0);
    }
  };

  return {
    registry, buildInfo, httpDuration, decisions, lag, writeDuration, riskScore, enqueued, dequeued, deadLettered, reconciled, retries, queueDepth, oldestJobAge,
    workerBusy, attentionTasks, breakerState, breakerTransitions, integrationCallDuration, alertsFired, alertNotifications, dbSize, knowAlertRules,
    missingTerminalRatio, monitorLastRun,
  };
}

export type EngineMetrics = ReturnType<typeof createMetrics>;
