import { z } from 'zod';
import { IsoTimestamp } from './common';

/**
 * The engine's own time series, sampled every 10 s and kept for 6 h, so charts and alert rules work without a
 * Prometheus server. `kind`: gauge (a level), rate (per second over the last step), ratio (0..1 over the last
 * step, or the last minute where its help says so), total (a running count: alert rules of type `rate` take its per-second change).
 */
export const SERIES = {
  api_latency_p95_ms: { kind: 'gauge', unit: 'ms', help: 'API request latency p95 over the last step' },
  api_latency_p99_ms: { kind: 'gauge', unit: 'ms', help: 'API request latency p99 over the last step' },
  trace_api_latency_p95_ms: { kind: 'gauge', unit: 'ms', help: 'Trace API latency p95 over the last step' },
  trace_api_latency_p99_ms: { kind: 'gauge', unit: 'ms', help: 'Trace API latency p99 over the last step' },
  http_requests_per_second: { kind: 'rate', unit: '1/s', help: 'HTTP requests per second' },
  http_5xx_ratio: { kind: 'ratio', unit: 'ratio', help: 'Share of HTTP answers that were 5xx' },
  queue_depth: { kind: 'gauge', unit: 'jobs', help: 'Jobs ready, delayed or leased' },
  queue_oldest_job_age_seconds: { kind: 'gauge', unit: 's', help: 'How long the oldest ready job has waited' },
  queue_dead_lettered: { kind: 'gauge', unit: 'jobs', help: 'Dead-lettered jobs' },
  queue_stalled: { kind: 'gauge', unit: 'bool', help: '1 when jobs are ready, the queue is not paused and none was claimed in the last step (no value in a process that runs no worker)' },
  dequeued_per_second: { kind: 'rate', unit: '1/s', help: 'Jobs claimed per second' },
  decisions_per_second: { kind: 'rate', unit: '1/s', help: 'Decisions judged per second' },
  decisions_total: { kind: 'total', unit: 'decisions', help: 'Decisions judged since start' },
  worker_failure_ratio: { kind: 'ratio', unit: 'ratio', help: 'Retries and dead letters per judged decision' },
  decision_lag_p95_ms: { kind: 'gauge', unit: 'ms', help: 'Decision lag p95 over the last step' },
  decision_lag_p99_ms: { kind: 'gauge', unit: 'ms', help: 'Decision lag p99 over the last step' },
  decision_write_p95_ms: { kind: 'gauge', unit: 'ms', help: 'Time to write a batch of judged decisions, p95 over the last step' },
  decision_write_p99_ms: { kind: 'gauge', unit: 'ms', help: 'Time to write a batch of judged decisions, p99 over the last step' },
  blocked_tasks: { kind: 'gauge', unit: 'tasks', help: 'Tasks in BLOCKED now' },
  needs_review_tasks: { kind: 'gauge', unit: 'tasks', help: 'Tasks waiting for a reviewer' },
  breakers_open: { kind: 'gauge', unit: 'breakers', help: 'Integrations whose breaker is OPEN' },
  event_loop_p99_ms: { kind: 'gauge', unit: 'ms', help: 'Engine event-loop delay p99' },
  process_cpu_cores: { kind: 'rate', unit: 'cores', help: 'CPU seconds the engine process used per second over the last step (1 = one core busy)' },
  process_resident_memory_mib: { kind: 'gauge', unit: 'MiB', help: 'Resident memory of the engine process' },
  decisions_per_minute_while_submitting: {
    kind: 'gauge', unit: '1/min', help: 'Decisions judged per minute over the last minute; no value unless submissions were accepted in that minute',
  },
  needs_review_ratio: { kind: 'ratio', unit: 'ratio', help: 'Share of the decisions judged in the last minute that were needs_review' },
  missing_terminal_ratio: {
    kind: 'ratio', unit: 'ratio', help: 'Share of the decisions submitted 10 to 70 minutes ago (newest 10,000 per workspace) that are still queued or processing',
  },
  integration_unavailable_ratio: { kind: 'ratio', unit: 'ratio', help: 'Share of the integration calls in the last minute that got no answer (timeout, error, breaker open)' },
  monitor_last_run_age_seconds: {
    kind: 'gauge', unit: 's', help: "Age of the older of the sampler's last run and the alert engine's last evaluation, seen at this step",
  },
} as const;

export type SeriesName = keyof typeof SERIES;
export const SERIES_NAMES = Object.keys(SERIES) as SeriesName[];
export const SeriesNameSchema = z.enum(SERIES_NAMES as [SeriesName, ...SeriesName[]]);

export const SeriesInput = z.strictObject({
  /** Comma-separated series names; all when absent. */
  names: z.string().max(2000).optional(),
  from: IsoTimestamp.optional(),
  to: IsoTimestamp.optional(),
});
export type SeriesInput = z.infer<typeof SeriesInput>;

export const SeriesOutput = z.object({
  step_seconds: z.number(),
  names: z.array(z.string()),
  /** Sample times (ms since epoch), oldest first. */
  at: z.array(z.number()),
  /** One array per name, aligned with `at`; null where there was no value. */
  values: z.record(z.string(), z.array(z.number().nullable())),
});
export type SeriesOutput = z.infer<typeof SeriesOutput>;
