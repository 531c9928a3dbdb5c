import type { EngineConfig } from '../config';
import type { Tracing } from '../ports/tracing';
import { openTracing, type TracingOptions } from '../adapters/otel/otel-tracing';
import { ENGINE_VERSION } from '../version';
import type { DisposeStack } from './dispose-stack';

export interface TracingLog {
  warn(obj: object, msg: string): void;
}

/** A failed export as one log line (at most one a minute): traces are missing, decisions are not. */
export const exportErrorReporter = (settings: TracingSettings, log: TracingLog) => (error: Error, failedExports: number) =>
  log.warn({ err: error, endpoint: settings.endpoint, failed_exports: failedExports }, 'trace export failed: those spans are dropped (decisions are not affected)');

/** What a thread or process needs to open its own tracing (a provider cannot cross a thread). */
export type TracingSettings = Pick<TracingOptions, 'endpoint' | 'serviceName'>;

export const tracingSettings = (config: Pick<EngineConfig, 'otlpEndpoint' | 'otelServiceName'>): TracingSettings => ({
  ...(config.otlpEndpoint ? { endpoint: config.otlpEndpoint } : {}),
  serviceName: config.otelServiceName,
});

/**
 * This process's tracing, closed (last spans flushed, at most a couple of seconds) when the stack is released.
 * Push it before what makes spans, so it is released after them.
 */
export function openEngineTracing(settings: TracingSettings, resources: DisposeStack, log: TracingLog): Tracing {
  const { tracing, close } = openTracing({ ...settings, version: ENGINE_VERSION, onExportError: exportErrorReporter(settings, log) });
  if (tracing.enabled) resources.defer('the trace exporter', close);
  return tracing;
}
