/** Attribute values a span may carry. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** One span of a decision's trace (OpenTelemetry behind the adapter; services never see the SDK). */
export interface TraceSpan {
  /**
   * This span as a W3C `traceparent`: what a job carries so the worker's spans, maybe in another process and later,
   * join the decision's trace as its children. null when tracing is off.
   */
  readonly traceparent: string | null;
  /** The trace's id (32 hex digits), null when tracing is off. */
  readonly traceId: string | null;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed with this error. */
  fail(error: unknown): void;
  /** Ends the span, now or at `at` (epoch ms). */
  end(at?: number): void;
}

export interface StartSpanOptions {
  /** A span of this process, or a `traceparent` carried from another (a job's, a request header's); none: a new trace. */
  parent?: TraceSpan | string | null;
  /** When the span began (epoch ms); now when absent. */
  startTime?: number;
  attributes?: SpanAttributes;
}

/** Starts spans. Off (no OTLP endpoint configured), every span is one shared no-op and nothing is recorded. */
export interface Tracing {
  readonly enabled: boolean;
  startSpan(name: string, options?: StartSpanOptions): TraceSpan;
}
