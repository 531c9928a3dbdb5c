import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatTraceparent, parseTraceparent } from '../../../../../../src/main/engine/adapters/otel/traceparent';
import { startOtlpCollector } from '../../../../../fixtures/otlp-collector';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';

// Counts the providers built, to show that tracing off builds none.
const built = vi.hoisted(() => ({ providers: 0 }));
vi.mock('@opentelemetry/sdk-trace-base', async (importOriginal) => {
  const original = await importOriginal<typeof SdkTraceBase>();
  class CountedProvider extends original.BasicTracerProvider {
    constructor(...args: ConstructorParameters<typeof original.BasicTracerProvider>) {
      super(...args);
      built.providers += 1;
    }
  }
  return { ...original, BasicTracerProvider: CountedProvider };
});

const { openTracing, tracesUrl } = await import('../../../../../../src/main/engine/adapters/otel/otel-tracing');
const { NO_TRACING } = await import('../../../../../../src/main/engine/adapters/otel/no-tracing');

const collectors: Awaited<ReturnType<typeof startOtlpCollector>>[] = [];
afterEach(async () => {
  for (const c of collectors.splice(0)) await c.close();
});

describe('traceparent', () => {
  it('round-trips a span context and refuses malformed, all-zero and version-ff values', () => {
    const context = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true };
    expect(formatTraceparent(context)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual(context);
    expect(parseTraceparent('nonsense')).toBeNull();
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(parseTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull();
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')).toBeNull();
  });
});

describe('openTracing', () => {
  it('without an endpoint builds no provider and hands out the shared no-op span', async () => {
    const before = built.providers;
    const { tracing, close } = openTracing({ serviceName: 'decisionos', version: 't' });
    expect(tracing).toBe(NO_TRACING);
    expect(tracing.enabled).toBe(false);
    const a = tracing.startSpan('decision.submit');
    const b = tracing.startSpan('decision.claim', { parent: a });
    expect(a).toBe(b);
    expect(a.traceparent).toBeNull();
    expect(a.traceId).toBeNull();
    await close();
    expect(built.providers).toBe(before);
  });

  it('puts spans on <endpoint>/v1/traces as OTLP JSON, with the service name and the parent links', async () => {
    const collector = await startOtlpCollector();
    collectors.push(collector);
    expect(tracesUrl(`${collector.endpoint}/`)).toBe(`${collector.endpoint}/v1/traces`);
    const { tracing, close } = openTracing({ endpoint: collector.endpoint, serviceName: 'dos-test', version: 't' });
    expect(tracing.enabled).toBe(true);
    const root = tracing.startSpan('root', { attributes: { 'decision.id': 'dec_1' } });
    // A child in "another process": only the traceparent string crosses.
    const remoteChild = tracing.startSpan('remote-child', { parent: root.traceparent });
    const localChild = tracing.startSpan('local-child', { parent: root });
    localChild.fail(new Error('boom'));
    for (const s of [localChild, remoteChild, root]) s.end();
    await close();

    expect(collector.requests[0]).toMatchObject({ path: '/v1/traces', contentType: expect.stringMatching(/^application\/json/) });
    const byName = Object.fromEntries(collector.spans.map((s) => [s.name, s]));
    expect(byName.root).toMatchObject({ traceId: root.traceId, parentSpanId: '', serviceName: 'dos-test', attributes: { 'decision.id': 'dec_1' } });
    expect(root.traceparent).toBe(`00-${byName.root?.traceId}-${byName.root?.spanId}-01`);
    expect(byName['remote-child']).toMatchObject({ traceId: root.traceId, parentSpanId: byName.root?.spanId });
    expect(byName['local-child']).toMatchObject({ traceId: root.traceId, parentSpanId: byName.root?.spanId, status: 2 });
  });

  it('continues a client trace from its traceparent, and starts a new one when the value is malformed', async () => {
    const collector = await startOtlpCollector();
    collectors.push(collector);
    const { tracing, close } = openTracing({ endpoint: collector.endpoint, serviceName: 'dos-test', version: 't' });
    const joined = tracing.startSpan('joined', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    const fresh = tracing.startSpan('fresh', { parent: 'garbage' });
    joined.end();
    fresh.end();
    await close();
    expect(collector.spans.find((s) => s.name === 'joined')).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
    expect(collector.spans.find((s) => s.name === 'fresh')).toMatchObject({ parentSpanId: '' });
  });

  it('reports a failed export (its spans dropped) instead of staying silent', async () => {
    const collector = await startOtlpCollector();
    collectors.push(collector);
    collector.setMode('fail');
    const failures: { error: Error; count: number }[] = [];
    const { tracing, close } = openTracing({
      endpoint: collector.endpoint, serviceName: 'dos-test', version: 't', reportEveryMs: 0,
      onExportError: (error, count) => failures.push({ error, count }),
    });
    tracing.startSpan('refused').end();
    await close();
    expect(collector.spans).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.count).toBe(1);
    expect(failures[0]?.error.message).toMatch(/Internal Server Error/);
  });

  it('closes within its bound while the collector hangs', async () => {
    const collector = await startOtlpCollector();
    collectors.push(collector);
    collector.setMode('hang');
    const { tracing, close } = openTracing({ endpoint: collector.endpoint, serviceName: 'dos-test', version: 't', closeTimeoutMs: 500 });
    tracing.startSpan('lost').end();
    const started = performance.now();
    await close();
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(collector.requests.length).toBeGreaterThan(0); // it was tried
  });
});
