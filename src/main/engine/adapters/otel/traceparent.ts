import { isSpanContextValid, type SpanContext } from '@opentelemetry/api';

// W3C Trace Context (https://www.w3.org/TR/trace-context/#traceparent-header) written by hand: the propagator that
// does it (W3CTraceContextPropagator) lives in @opentelemetry/core, which is not one of our dependencies, and a job
// carries one string, not a carrier of headers. Version 00 is written; any version but ff is read, as the spec asks.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** A span context as a `traceparent` value. */
export function formatTraceparent(c: SpanContext): string {
  return `00-${c.traceId}-${c.spanId}-${(c.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The remote span context a `traceparent` names, or null when it is malformed, all zeros or of version ff. */
export function parseTraceparent(value: string): SpanContext | null {
  const m = TRACEPARENT.exec(value.trim());
  if (!m) return null;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  const context: SpanContext = { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
  return isSpanContextValid(context) ? context : null;
}
