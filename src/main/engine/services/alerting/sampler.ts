import type { SeriesName } from '../../../../shared/schemas/series';
import type { AuditStore } from '../../ports/audit-store';
import type { JobQueue } from '../../ports/job-queue';
import type { Clock } from '../../ports/clock';
import type { Metrics } from '../../ports/metrics';
import { bucketDelta, quantileFromBuckets, type Bucket } from '../../domain/series';

export interface SeriesPoint {
  at: number;
  values: Partial<Record<SeriesName, number | null>>;
}

export interface SamplerSources {
  metrics: Metrics;
  queue: JobQueue;
  store: Pick<AuditStore, 'countAttentionTasks'>;
  breakersOpen(): Promise<number>;
  clock: Clock;
}

/** Long-lived streams would count as one slow request each: latency series leave them out. */
const NOT_LATENCY = new Set(['/api/events']);
const TRACE_ROUTE = '/api/governance/tasks/:task_id/decision-trace';

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

  constructor(private readonly s: SamplerSources) {}

  private async read(at: number): Promise<Readings> {
    const m = this.s.metrics;
    const http = await valuesOf(m.httpDuration);
    const requests = http.filter((v) => v.metricName?.endsWith('_count'));
    return {
      at,
      apiBuckets: buckets(http, (l) => !NOT_LATENCY.has(String(l.route))),
      traceBuckets: buckets(http, (l) => l.route === TRACE_ROUTE),
      lagBuckets: buckets(await valuesOf(m.lag), () => true),
      writeBuckets: buckets(await valuesOf(m.writeDuration), () => true),
      requests: sum(requests, (v) => !NOT_LATENCY.has(String(v.labels.route))),
      errors5xx: sum(requests, (v) => String(v.labels.code).startsWith('5')),
      dequeued: sum(await valuesOf(m.dequeued)),
      decided: sum(await valuesOf(m.decisions)),
      failures: sum(await valuesOf(m.retries)) + sum(await valuesOf(m.deadLettered)),
    };
  }

  async sample(): Promise<SeriesPoint> {
    const at = this.s.clock.now();
    const now = await this.read(at);
    const counts = await this.s.queue.counts(null, at);
    const paused = await this.s.queue.isPaused();
    const tasks = await this.s.store.countAttentionTasks();
    const loopMetric = this.s.metrics.registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds');
    const loop = loopMetric ? (await valuesOf(loopMetric as never))[0]?.value : undefined;
    const values: SeriesPoint['values'] = {
      queue_depth: counts.ready + counts.delayed + counts.leased,
      queue_oldest_job_age_seconds: counts.oldestReadyAt === null ? 0 : Math.max(0, at - counts.oldestReadyAt) / 1000,
      queue_dead_lettered: counts.dead,
      decisions_total: now.decided,
      blocked_tasks: tasks.BLOCKED,
      needs_review_tasks: tasks.NEEDS_REVIEW,
      breakers_open: await this.s.breakersOpen(),
      event_loop_p99_ms: loop === undefined ? null : loop * 1000,
    };
    const before = this.previous;
    this.previous = now;
    if (!before || at <= before.at) return { at, values };

    const seconds = (at - before.at) / 1000;
    const requests = now.requests - before.requests;
    const dequeued = now.dequeued - before.dequeued;
    const decided = now.decided - before.decided;
    const failures = now.failures - before.failures;
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
        queue_stalled: counts.ready > 0 && !paused && dequeued === 0 ? 1 : 0,
      },
    };
  }
}
