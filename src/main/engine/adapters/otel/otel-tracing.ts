import { ROOT_CONTEXT, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { StartSpanOptions, TraceSpan, Tracing } from '../../ports/tracing';
import { formatTraceparent, parseTraceparent } from './traceparent';
import { NO_TRACING } from './no-tracing';

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP/HTTP, JSON). Unset: off. */
  endpoint?: string;
  /** OTEL_SERVICE_NAME: the `service.name` of every span. */
  serviceName: string;
  /** The engine's version, as the tracer's. */
  version: string;
  /** How long one export may take before it is abandoned (its spans are dropped). */
  exportTimeoutMs?: number;
  /** How long `close()` waits for the last spans to go out: a collector that hangs must not hold a stop. */
  closeTimeoutMs?: number;
  /** Told when an export fails (its spans are dropped): at most once per `reportEveryMs`, with how many failed since. */
  onExportError?: (error: Error, failedExports: number) => void;
  reportEveryMs?: number;
}

export interface OpenTracing {
  tracing: Tracing;
  /** Flushes what is buffered (at most closeTimeoutMs) and shuts the provider down. */
  close(): Promise<void>;
}

/** `<endpoint>/v1/traces`, as OTEL_EXPORTER_OTLP_ENDPOINT is defined: a base URL, the signal's path appended. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

class OtelSpan implements TraceSpan {
  constructor(readonly span: Span) {}

  get traceparent(): string {
    return formatTraceparent(this.span.spanContext());
  }

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  setAttributes(attributes: Record<string, string | number | boolean>): void {
    this.span.setAttributes(attributes);
  }

  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.span.recordException(error instanceof Error ? error : message);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }

  end(at?: number): void {
    this.span.end(at);
  }
}

class OtelTracing implements Tracing {
  readonly enabled = true;

  constructor(private readonly tracer: Tracer) {}

  startSpan(name: string, options: StartSpanOptions = {}): TraceSpan {
    const span = this.tracer.startSpan(name, { startTime: options.startTime, attributes: options.attributes }, this.parentContext(options.parent));
    return new OtelSpan(span);
  }

  /** Explicit parents only: no global context manager is registered (several engines may share one process). */
  private parentContext(parent: StartSpanOptions['parent']): Context {
    if (parent instanceof OtelSpan) return trace.setSpan(ROOT_CONTEXT, parent.span);
    if (typeof parent === 'string') {
      const remote = parseTraceparent(parent);
      if (remote) return trace.setSpanContext(ROOT_CONTEXT, remote);
    }
    return ROOT_CONTEXT;
  }
}

/**
 * The exporter, reporting failed exports (a collector down, refusing or too slow): the SDK itself only tells its
 * global diagnostic logger, which nobody reads. Reports are spaced so a dead collector makes one line a minute.
 */
function reporting(exporter: SpanExporter, report: NonNullable<TracingOptions['onExportError']>, everyMs: number): SpanExporter {
  let failed = 0;
  let lastReport = -Infinity;
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code !== 0) {
          failed += 1;
          const now = Date.now();
          if (now - lastReport >= everyMs) {
            lastReport = now;
            report(result.error ?? new Error('export failed'), failed);
            failed = 0;
          }
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * The engine's traces. With no endpoint nothing is built (no provider, no exporter, no timer) and every span is the
 * shared no-op. With one, spans are batched (BatchSpanProcessor) and sent by the OTLP/HTTP exporter off the request
 * path: a collector that is slow, hangs or refuses costs dropped spans (the batch queue is bounded, each export
 * times out), never a slower or failed decision. The provider is not registered globally: the tracer is handed
 * to the services, so engines in one process (tests) keep their own.
 */
export function openTracing(o: TracingOptions): OpenTracing {
  if (!o.endpoint) return { tracing: NO_TRACING, close: async () => undefined };
  const otlp = new OTLPTraceExporter({ url: tracesUrl(o.endpoint), timeoutMillis: o.exportTimeoutMs ?? 10_000 });
  const exporter = o.onExportError ? reporting(otlp, o.onExportError, o.reportEveryMs ?? 60_000) : otlp;
  const provider = new BasicTracerProvider({
    // process.pid tells the API process's spans from each worker process's in one trace.
    resource: resourceFromAttributes({ 'service.name': o.serviceName, 'service.version': o.version, 'process.pid': process.pid }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1_000, exportTimeoutMillis: o.exportTimeoutMs ?? 10_000 }),
    ],
  });
  const closeTimeoutMs = o.closeTimeoutMs ?? 1_000;
  return {
    tracing: new OtelTracing(provider.getTracer('decisionos', o.version)),
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, closeTimeoutMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
    },
  };
}
