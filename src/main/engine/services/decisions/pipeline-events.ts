import type { Metrics } from '../../ports/metrics';

/**
 * What the pipeline reports as it runs. Services call these; the host decides where they go: straight into
 * prom-client on the thread that owns the registry, or batched across a thread boundary to it.
 */
export interface PipelineEvents {
  enqueued(): void;
  dequeued(count: number): void;
  decided(decisionType: string, status: string, lagMs: number | null, riskScore: number | null): void;
  /** A batch of judged decisions written to the store, and how long the write took. */
  outcomesWritten(seconds: number): void;
  retried(): void;
  deadLettered(): void;
  /** Open decisions without a job that the reconciler put back on the queue. */
  reconciled(count: number): void;
  breakerTransition(integration: string, from: string, to: string): void;
  /** One integration call: `rejected` when its breaker did not let it out. */
  integrationCall(integration: string, outcome: string, seconds: number): void;
}

export function metricsPipelineEvents(m: Metrics): PipelineEvents {
  return {
    enqueued: () => m.enqueued.inc(),
    dequeued: (count) => m.dequeued.inc(count),
    decided(decisionType, status, lagMs, riskScore) {
      m.decisions.inc({ decision_type: decisionType, status });
      if (lagMs !== null) m.lag.observe({ decision_type: decisionType }, lagMs / 1000);
      if (riskScore !== null) m.riskScore.observe({ decision_type: decisionType }, riskScore);
    },
    outcomesWritten: (seconds) => m.writeDuration.observe({}, seconds),
    retried: () => m.retries.inc(),
    deadLettered: () => m.deadLettered.inc(),
    reconciled: (count) => m.reconciled.inc(count),
    breakerTransition: (integration, from, to) => m.breakerTransitions.inc({ integration, from, to }),
    integrationCall: (integration, outcome, seconds) => m.integrationCallDuration.observe({ integration, outcome }, seconds),
  };
}
