import type { SeriesName } from '../../../../shared/schemas/series';
import type { AuditStore } from '../../ports/audit-store';
import type { JobQueue } from '../../ports/job-queue';
import type { Clock } from '../../ports/clock';
import type { Metrics } from '../../ports/metrics';
import { bucketDelta, quantileFromBuckets, type Bucket } from '../../domain/series';
import { MISSING_TERMINAL, missingTerminalRatio, missingTerminalSpan } from '../../domain/missing-terminal';

export interface SeriesPoint {
  at: number;
  values: Partial<Record<SeriesName, number | null>>;
}

export interface SamplerSources {
  metrics: Metrics;
  queue: JobQueue;
  store: Pick<AuditStore, 'countAttentionTasks' | 'countOverdueDecisions'>;
  breakersOpen(): Promise<number>;
  clock: Clock;
  /**
   * Whether this process's counters see the engine's verdicts: embedded (one process), or a production process that
   * runs a worker. An API-only process (`serve --no-worker`) accepts submissions that other processes claim and judge,
   * so its throughput-floor and stalled-queue series stay empty rather than read "nothing judged" or "nothing claimed"
   * (the oldest-job age, read from the shared queue, still shows a stall there).
   */
  judgesHere: boolean;
}

/** Long-lived streams would count as one slow request each: latency series leave them out. */
const NOT_LATENCY = new Set(['/api/events']);
const TRACE_ROUTE = '/api/governance/tasks/:task_id/decision-trace';
/** The throughput floor and the pipeline's shares look at the last minute, so a quiet 10 s step is not a dip. */
const MINUTE = 60_000;
const MIB = 1024 * 1024;
// prom-client's default metrics (collectDefaultMetrics): the same figures Prometheus scrapes. The CPU counters are
// brought up to date by reading the user-time one, whose collect() sets all three.
const CPU_COLLECT = 'process_cpu_user_seconds_total';
const CPU_TOTAL = 'process_cpu_seconds_total';
const RESIDENT_MEMORY = 'process_resident_memory_bytes';

interface Readings {
  at: number;
  apiBuckets: Bucket[];
  traceBuckets: Bucket[];
  lagBuckets: Bucket[];
  writeBuckets: Bucket[];
  requests: number;
  errors5xx: number;
  dequeued: number;
  decided: number;
  failures: number;
  /** Accepted submissions (decisionos_queue_enqueued_total: one per accepted submission, replays not counted). */
  submitted: number;
  needsReview: number;
  integrationCalls: number;
  /** Integration calls without an answer: failed (timeout, 5xx, bad answer) or not let out by an open breaker. */
  integrationUnavailable: number;
  /** null where the runtime does not collect it. */
  cpuSeconds: number | null;
}

type MetricValue = { value: number; labels: Partial<Record<string, string | number>>; metricName?: string };

async function valuesOf(metric: { get(): Promise<{ values: MetricValue[] }> | { values: MetricValue[] } }): Promise<MetricValue[]> {
  return (await metric.get()).values;
}

const sum = (values: MetricValue[], keep: (v: MetricValue) => boolean = () => true) =>
  values.reduce((total, v) => (keep(v) ? total + v.value : total), 0);

/** Cumulative buckets of a histogram, summed over the label sets `keep` accepts. */
function buckets(values: MetricValue[], keep: (labels: MetricValue['labels']) => boolean): Bucket[] {
  const byLe = new Map<number, number>();
  for (const v of values) {
    if (!v.metricName?.endsWith('_bucket') || !keep(v.labels)) continue;
    const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + v.value);
  }
  return [...byLe].map(([le, count]) => ({ le, count }));
}

/**
 * Turns the engine's counters and histograms into one point of every series: levels as they are now, rates
 * and percentiles over the step since the previous point. The first point has levels only.
 */
export class Sampler {
  private previous: Readings | null = null;
  /** The readings of the last minute, and the newest one before it. */
  private readonly recent: Readings[] = [];

  constructor(private readonly s: SamplerSources) {}

  private async read(at: number): Promise<Readings> {
    const m = this.s.metrics;
    const http = await valuesOf(m.httpDuration);
    const requests = http.filter((v) => v.metricName?.endsWith('_count'));
    const decisions = await valuesOf(m.decisions);
    const calls = (await valuesOf(m.integrationCallDuration)).filter((v) => v.metricName?.endsWith('_count'));
    return {
      at,
      apiBuckets: buckets(http, (l) => !NOT_LATENCY.has(String(l.route))),
      traceBuckets: buckets(http, (l) => l.route === TRACE_ROUTE),
      lagBuckets: buckets(await valuesOf(m.lag), () => true),
      writeBuckets: buckets(await valuesOf(m.writeDuration), () => true),
      requests: sum(requests, (v) => !NOT_LATENCY.has(String(v.labels.route))),
      errors5xx: sum(requests, (v) => String(v.labels.code).startsWith('5')),
      dequeued: sum(await valuesOf(m.dequeued)),
      decided: sum(decisions),
      failures: sum(await valuesOf(m.retries)) + sum(await valuesOf(m.deadLettered)),
      submitted: sum(await valuesOf(m.enqueued)),
      needsReview: sum(decisions, (v) => v.labels.status === 'needs_review'),
      integrationCalls: sum(calls),
      integrationUnavailable: sum(calls, (v) => v.labels.outcome !== 'ok'),
      cpuSeconds: await this.cpuSeconds(),
    };
  }

  private async named(name: string): Promise<number | undefined> {
    const metric = this.s.metrics.registry.getSingleMetric(name);
    return metric ? (await valuesOf(metric))[0]?.value : undefined;
  }

  private async cpuSeconds(): Promise<number | null> {
    await this.named(CPU_COLLECT);
    return (await this.named(CPU_TOTAL)) ?? null;
  }

  /** The reading a minute (or a little more) before `at`, or the oldest kept while the engine is younger than that. */
  private minuteBefore(now: Readings): Readings | undefined {
    this.recent.push(now);
    while (this.recent.length > 1 && (this.recent[1] as Readings).at <= now.at - MINUTE) this.recent.shift();
    const base = this.recent[0] as Readings;
    return base === now ? undefined : base;
  }

  async sample(): Promise<SeriesPoint> {
    const at = this.s.clock.now();
    const now = await this.read(at);
    const counts = await this.s.queue.counts(null, at);
    const paused = await this.s.queue.isPaused();
    const tasks = await this.s.store.countAttentionTasks();
    const loop = await this.named('nodejs_eventloop_lag_p99_seconds');
    const rss = await this.named(RESIDENT_MEMORY);
    const span = missingTerminalSpan(at);
    const overdue = await this.s.store.countOverdueDecisions(span.from, span.before, MISSING_TERMINAL.perWorkspaceLimit);
    const values: SeriesPoint['values'] = {
      queue_depth: counts.ready + counts.delayed + counts.leased,
      queue_oldest_job_age_seconds: counts.oldestReadyAt === null ? 0 : Math.max(0, at - counts.oldestReadyAt) / 1000,
      queue_dead_lettered: counts.dead,
      decisions_total: now.decided,
      blocked_tasks: tasks.BLOCKED,
      needs_review_tasks: tasks.NEEDS_REVIEW,
      breakers_open: await this.s.breakersOpen(),
      event_loop_p99_ms: loop === undefined ? null : loop * 1000,
      process_resident_memory_mib: rss === undefined ? null : rss / MIB,
      missing_terminal_ratio: missingTerminalRatio(overdue),
    };
    const before = this.previous;
    this.previous = now;
    const minute = this.minuteBefore(now);
    if (!before || at <= before.at) return { at, values };

    const seconds = (at - before.at) / 1000;
    const requests = now.requests - before.requests;
    const dequeued = now.dequeued - before.dequeued;
    const decided = now.decided - before.decided;
    const failures = now.failures - before.failures;
    // Shares of the pipeline over the last minute: a quiet 10 s step is not evidence either way.
    const inMinute = (pick: (r: Readings) => number) => (minute ? pick(now) - pick(minute) : 0);
    const decidedInMinute = inMinute((r) => r.decided);
    const callsInMinute = inMinute((r) => r.integrationCalls);
    // No value unless submissions were accepted in the minute: an idle engine judges nothing and is fine.
    const perMinute = this.s.judgesHere && minute && inMinute((r) => r.submitted) > 0 ? (decidedInMinute * MINUTE) / (at - minute.at) : null;
    const ms = (q: number, pick: (r: Readings) => Bucket[]) => {
      const seconds = quantileFromBuckets(bucketDelta(pick(now), pick(before)), q);
      return seconds === null ? null : seconds * 1000;
    };
    return {
      at,
      values: {
        ...values,
        api_latency_p95_ms: ms(0.95, (r) => r.apiBuckets),
        api_latency_p99_ms: ms(0.99, (r) => r.apiBuckets),
        trace_api_latency_p95_ms: ms(0.95, (r) => r.traceBuckets),
        trace_api_latency_p99_ms: ms(0.99, (r) => r.traceBuckets),
        decision_lag_p95_ms: ms(0.95, (r) => r.lagBuckets),
        decision_lag_p99_ms: ms(0.99, (r) => r.lagBuckets),
        decision_write_p95_ms: ms(0.95, (r) => r.writeBuckets),
        decision_write_p99_ms: ms(0.99, (r) => r.writeBuckets),
        http_requests_per_second: requests / seconds,
        http_5xx_ratio: requests > 0 ? (now.errors5xx - before.errors5xx) / requests : null,
        dequeued_per_second: dequeued / seconds,
        decisions_per_second: decided / seconds,
        worker_failure_ratio: decided + failures > 0 ? failures / (decided + failures) : null,
        // Claims are counted by the process that claims: where no worker runs, a claim counter at 0 says nothing.
        queue_stalled: this.s.judgesHere ? (counts.ready > 0 && !paused && dequeued === 0 ? 1 : 0) : null,
        process_cpu_cores: now.cpuSeconds === null || before.cpuSeconds === null ? null : (now.cpuSeconds - before.cpuSeconds) / seconds,
        decisions_per_minute_while_submitting: perMinute,
        needs_review_ratio: decidedInMinute > 0 ? inMinute((r) => r.needsReview) / decidedInMinute : null,
        integration_unavailable_ratio: callsInMinute > 0 ? inMinute((r) => r.integrationUnavailable) / callsInMinute : null,
      },
    };
  }
}
