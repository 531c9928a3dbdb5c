import type { AlertRuleDefinition } from '../../../shared/schemas/alerts';

const MIN = 60_000;

/**
 * The runbooks' alerts, as rules over the engine's own series; editable through the API once stored. Where the
 * runbooks give two tiers (trace API p95, decision lag p95, blocked tasks) the rule carries both.
 */
export const DEFAULT_ALERT_RULES: readonly AlertRuleDefinition[] = [
  { id: 'api-latency-p95', metric: 'api_latency_p95_ms', type: 'threshold', operator: '>', threshold: 500, duration: 5 * MIN, severity: 'warning', message: 'API latency p95 above 500 ms for 5 minutes', cooldown: 15 * MIN, enabled: true },
  { id: 'queue-depth-high', metric: 'queue_depth', type: 'threshold', operator: '>', threshold: 1000, duration: 0, severity: 'warning', message: 'More than 1,000 jobs queued', cooldown: 15 * MIN, enabled: true },
  { id: 'queue-oldest-job', metric: 'queue_oldest_job_age_seconds', type: 'threshold', operator: '>', threshold: 600, duration: 0, severity: 'warning', message: 'The oldest queued job has waited more than 10 minutes', cooldown: 15 * MIN, enabled: true },
  { id: 'queue-stalled', metric: 'queue_stalled', type: 'threshold', operator: '>=', threshold: 1, duration: 10 * MIN, severity: 'critical', message: 'Queue stalled: jobs are ready but none was claimed for 10 minutes', cooldown: 15 * MIN, enabled: true },
  { id: 'worker-failure-rate', metric: 'worker_failure_ratio', type: 'threshold', operator: '>', threshold: 0.05, duration: 5 * MIN, severity: 'critical', message: 'Worker failure rate above 5 %', cooldown: 15 * MIN, enabled: true },
  { id: 'decision-lag-p95', metric: 'decision_lag_p95_ms', type: 'threshold', operator: '>', threshold: 1000, duration: 5 * MIN, severity: 'warning', message: 'Decision lag p95 above 1 s for 5 minutes', cooldown: 15 * MIN, enabled: true,
    critical: { threshold: 5000, duration: 5 * MIN, message: 'Decision lag p95 above 5 s for 5 minutes' } },
  { id: 'blocked-tasks-high', metric: 'blocked_tasks', type: 'threshold', operator: '>', threshold: 10, duration: 10 * MIN, severity: 'warning', message: 'More than 10 tasks blocked for 10 minutes', cooldown: 30 * MIN, enabled: true,
    critical: { threshold: 50, duration: 10 * MIN, message: 'More than 50 tasks blocked for 10 minutes' } },
  { id: 'trace-api-latency-p95', metric: 'trace_api_latency_p95_ms', type: 'threshold', operator: '>', threshold: 500, duration: 5 * MIN, severity: 'warning', message: 'Trace API latency p95 above 500 ms for 5 minutes', cooldown: 15 * MIN, enabled: true,
    critical: { threshold: 1000, duration: 5 * MIN, message: 'Trace API latency p95 above 1 s for 5 minutes' } },
  { id: 'http-5xx-rate', metric: 'http_5xx_ratio', type: 'threshold', operator: '>', threshold: 0.01, duration: 5 * MIN, severity: 'critical', message: 'More than 1 % of API answers are 5xx', cooldown: 15 * MIN, enabled: true },
  { id: 'breaker-open', metric: 'breakers_open', type: 'threshold', operator: '>', threshold: 0, duration: 0, severity: 'critical', message: 'An integration circuit breaker is open', cooldown: 5 * MIN, enabled: true },
  // The monitoring runbook's "System overload (CPU > 90 %)"; its scaling trigger is 70 % for 5 minutes.
  { id: 'process-cpu-high', metric: 'process_cpu_cores', type: 'threshold', operator: '>', threshold: 0.9, duration: 10 * MIN, severity: 'warning', message: 'Engine process CPU above 90 % of one core for 10 minutes', cooldown: 30 * MIN, enabled: true },
  // Three times the runbook's ~512 MB in use, sustained: a leak rather than a burst.
  { id: 'process-memory-high', metric: 'process_resident_memory_mib', type: 'threshold', operator: '>', threshold: 1536, duration: 10 * MIN, severity: 'warning', message: 'Engine process resident memory above 1.5 GiB for 10 minutes', cooldown: 30 * MIN, enabled: true },
  // The series has no value while no submission arrives, so an idle engine never fires it. Raise the floor to
  // about 80 % of the expected rate (the runbook's 800 of 1000 req/s).
  { id: 'throughput-floor', metric: 'decisions_per_minute_while_submitting', type: 'threshold', operator: '<', threshold: 1, duration: 10 * MIN, severity: 'critical', message: 'Submissions keep arriving but fewer than 1 decision a minute was judged for 10 minutes', cooldown: 15 * MIN, enabled: true },
  { id: 'needs-review-rate', metric: 'needs_review_ratio', type: 'threshold', operator: '>', threshold: 0.25, duration: 15 * MIN, severity: 'warning', message: 'More than 25 % of judged decisions were needs_review for 15 minutes (high anomaly rate)', cooldown: 30 * MIN, enabled: true },
  // The reconciliation runbook's SLO: missing terminal ratio < 5 %.
  { id: 'missing-terminal-ratio', metric: 'missing_terminal_ratio', type: 'threshold', operator: '>', threshold: 0.05, duration: 10 * MIN, severity: 'high', message: 'More than 5 % of the decisions submitted 10 to 70 minutes ago are still not terminal', cooldown: 30 * MIN, enabled: true },
  { id: 'integration-unavailable-rate', metric: 'integration_unavailable_ratio', type: 'threshold', operator: '>', threshold: 0.1, duration: 5 * MIN, severity: 'warning', message: 'More than 10 % of integration calls got no answer (timeout, error, breaker open) for 5 minutes', cooldown: 15 * MIN, enabled: true },
  // Fires once the monitor runs again after a gap; a dead monitor cannot fire it. The guards for that are /ready
  // (503 after three missed steps) and the Prometheus rule DecisionOSMonitorStale.
  { id: 'monitor-stale', metric: 'monitor_last_run_age_seconds', type: 'threshold', operator: '>', threshold: 60, duration: 0, severity: 'critical', message: "The engine's own monitor (sampler or alert evaluation) did not run for more than 60 s; while it is down only /ready and Prometheus see it", cooldown: 15 * MIN, enabled: true },
];
