/**
 * The engine's metrics as services see them: counters and histograms they record into, and read back (the
 * sampler turns their values into series). adapters/metrics.ts implements it with prom-client's registry.
 */
export type MetricLabels = Partial<Record<string, string | number>>;

/** One reading: a counter's count, or one histogram line (`metricName` ends in _bucket, _sum or _count). */
export interface MetricValue {
  value: number;
  labels: MetricLabels;
  metricName?: string;
}

export interface ReadableMetric {
  get(): Promise<{ values: MetricValue[] }>;
}

export interface CounterMetric extends ReadableMetric {
  inc(labels: MetricLabels, value?: number): void;
  inc(value?: number): void;
}

export interface HistogramMetric extends ReadableMetric {
  observe(labels: MetricLabels, value: number): void;
}

export interface Metrics {
  httpDuration: HistogramMetric;
  decisions: CounterMetric;
  lag: HistogramMetric;
  /** One batch of judged decisions written to the store (outcomes, traces, task states). */
  writeDuration: HistogramMetric;
  riskScore: HistogramMetric;
  enqueued: CounterMetric;
  dequeued: CounterMetric;
  deadLettered: CounterMetric;
  reconciled: CounterMetric;
  retries: CounterMetric;
  breakerTransitions: CounterMetric;
  integrationCallDuration: HistogramMetric;
  /** Metrics the runtime collects by name (the event loop lag, for one). */
  registry: { getSingleMetric(name: string): ReadableMetric | undefined };
}
