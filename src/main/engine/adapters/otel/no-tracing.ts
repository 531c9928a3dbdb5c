import type { TraceSpan, Tracing } from '../../ports/tracing';

/**
 * Tracing off: one shared span that records nothing and carries no context, so a decision costs a function call per
 * step and no allocation. (The OpenTelemetry API's own no-op tracer would still make a span object per call.)
 */
const NO_SPAN: TraceSpan = Object.freeze({
  traceparent: null,
  traceId: null,
  setAttributes: () => undefined,
  fail: () => undefined,
  end: () => undefined,
});

export const NO_TRACING: Tracing = Object.freeze({ enabled: false, startSpan: () => NO_SPAN });
