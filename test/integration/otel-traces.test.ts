import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import { startOtlpCollector, type CollectedSpan } from '../fixtures/otlp-collector';
import { Writable } from 'node:stream';
import pino from 'pino';
import { NO_TRACING } from '../../src/main/engine/adapters/otel/no-tracing';

/** A sanctions service on loopback: each decision makes one integration call. */
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hit: false })));
});
let upstreamUrl = '';
const sanctions = () => ({
  name: 'sanctions', url: upstreamUrl, applies_to: ['payment_fraud_check' as const], timeout_ms: 2_000, retries: 0, retry_backoff_ms: 1,
  on_unavailable: 'needs_review' as const,
  breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 1, half_open_probe_count: 1 },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/check`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

/** The snapshot trace ids on a task's audit events, one per event (undefined where there is none). */
async function snapshotTraceIds(t: TestEngine, taskId: string): Promise<(string | undefined)[]> {
  const page = await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`);
  return page.body.items.map((e: { payload: { decision_snapshot?: { trace_id?: string } } }) => e.payload.decision_snapshot?.trace_id);
}

const WORKER_STEPS = ['decision.signals', 'integration.call', 'decision.policy', 'decision.write'];

describe.each([
  ['on the writer thread', true],
  ['inline on the engine thread', false],
])('OpenTelemetry traces of the embedded engine, worker %s', (_where, workerThread) => {
  let t: TestEngine;
  let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
  beforeAll(async () => {
    collector = await startOtlpCollector();
    t = await startTestEngine({
      otlpEndpoint: collector.endpoint, otelServiceName: 'dos-otel-test', workerThread, integrations: [sanctions()],
      traceViewerUrl: 'http://jaeger.example:16686/trace/{trace_id}',
    });
  });
  afterAll(async () => {
    await t?.close();
    await collector?.close();
  });

  /** Every span of the decision's trace, once its write span (the last step) has arrived. */
  async function traceOf(decisionId: string): Promise<Record<string, CollectedSpan>> {
    const submit = await collector.waitFor((s) => s.name === 'decision.submit' && s.attributes['decision.id'] === decisionId);
    await collector.waitFor((s) => s.name === 'decision.write' && s.traceId === submit.traceId);
    return Object.fromEntries(collector.spans.filter((s) => s.traceId === submit.traceId).map((s) => [s.name, s]));
  }

  it('exports one trace per decision: submit at the root, enqueue and claim under it, each worker step under the claim', async () => {
    expect(t.engine.tracing.enabled).toBe(true);
    const submitted = await t.request('POST', '/api/decisions', { body: samplePayment() });
    expect(submitted.status).toBe(202);
    await t.drain();
    const spans = await traceOf(submitted.body.decision_id);
    const submit = spans['decision.submit'] as CollectedSpan;
    const claim = spans['decision.claim'] as CollectedSpan;
    expect(submit).toMatchObject({ parentSpanId: '', serviceName: 'dos-otel-test', attributes: { 'decision.id': submitted.body.decision_id, 'decision.type': 'payment_fraud_check' } });
    // The answer names the request's span (W3C traceresponse), so the client can find the trace.
    expect(submitted.headers.traceresponse).toBe(`00-${submit.traceId}-${submit.spanId}-01`);
    expect(spans['decision.enqueue']?.parentSpanId).toBe(submit.spanId);
    expect(claim).toMatchObject({ parentSpanId: submit.spanId, attributes: { 'decision.id': submitted.body.decision_id, 'job.attempt': 1 } });
    for (const step of WORKER_STEPS) expect(spans[step], step).toMatchObject({ traceId: submit.traceId, parentSpanId: claim.spanId });
    expect(spans['integration.call']?.attributes).toMatchObject({ 'integration.name': 'sanctions', 'integration.available': true });
    expect(spans['decision.policy']?.attributes).toMatchObject({ 'decision.verdict': 'approved' });
  });

  it('writes the trace id into every audit snapshot of the decision', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: 'cust-snap' }) });
    await t.drain();
    const spans = await traceOf(submitted.body.decision_id);
    const ids = await snapshotTraceIds(t, submitted.body.task_id);
    expect(ids.length).toBeGreaterThanOrEqual(4); // RECEIVED, ENQUEUED, PROCESSING_STARTED, SIGNALS_COMPUTED, the verdict
    expect(new Set(ids)).toEqual(new Set([spans['decision.submit']?.traceId]));
    // The trace screen gets the viewer URL with the page, and links each step's trace id there.
    const page = await t.request('GET', `/api/governance/tasks/${submitted.body.task_id}/decision-trace`);
    expect(page.body.trace_viewer_url).toBe('http://jaeger.example:16686/trace/{trace_id}');
  });

  it("continues the client's trace when the submission carries a traceparent header", async () => {
    const clientTrace = '0af7651916cd43dd8448eb211c80319c';
    const submitted = await t.request('POST', '/api/decisions', {
      body: samplePayment({ customer_id: 'cust-traced' }),
      headers: { traceparent: `00-${clientTrace}-b7ad6b7169203331-01` },
    });
    await t.drain();
    const spans = await traceOf(submitted.body.decision_id);
    expect(spans['decision.submit']).toMatchObject({ traceId: clientTrace, parentSpanId: 'b7ad6b7169203331' });
    expect(spans['decision.claim']?.parentSpanId).toBe(spans['decision.submit']?.spanId);
    expect(new Set(await snapshotTraceIds(t, submitted.body.task_id))).toEqual(new Set([clientTrace]));
  });
});

describe('OpenTelemetry traces and the logs', () => {
  it("puts the trace id on the submission's access-log line and on the worker's log lines about the decision, and marks the claim failed", async () => {
    const collector = await startOtlpCollector();
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const failing = { compute: (): never => { throw new Error('signal source down'); } };
    const t = await startTestEngine({ otlpEndpoint: collector.endpoint, maxAttempts: 1, accessLog: true }, { signals: failing, logger: pino({ level: 'info' }, sink) });
    try {
      const submitted = await t.request('POST', '/api/decisions', { body: samplePayment() });
      await t.drain();
      const claim = await collector.waitFor((s) => s.name === 'decision.claim' && s.attributes['decision.id'] === submitted.body.decision_id);
      expect(claim.status).toBe(2); // ERROR
      const line = lines.find((l) => l.decision_id === submitted.body.decision_id);
      expect(line).toMatchObject({ decision_id: submitted.body.decision_id, task_id: submitted.body.task_id, trace_id: claim.traceId, error: 'signal source down' });
      expect(line?.msg).toMatch(/dead-lettered/);
      expect(lines.find((l) => l.msg === 'request' && l.route === '/api/decisions' && l.method === 'POST')).toMatchObject({ status: 202, trace_id: claim.traceId });
    } finally {
      await t.close();
      await collector.close();
    }
  });
});

describe('OpenTelemetry traces with no endpoint configured', () => {
  it('builds no tracing at all: the shared no-op, nothing exported, no trace id in the snapshots', async () => {
    const collector = await startOtlpCollector();
    const t = await startTestEngine({ integrations: [sanctions()] });
    try {
      expect(t.engine.config.otlpEndpoint).toBeUndefined();
      expect(t.engine.tracing).toBe(NO_TRACING);
      const submitted = await t.request('POST', '/api/decisions', { body: samplePayment(), headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
      await t.drain();
      expect(await snapshotTraceIds(t, submitted.body.task_id)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect((await t.request('GET', `/api/governance/tasks/${submitted.body.task_id}/decision-trace`)).body.trace_viewer_url).toBeNull();
      expect(submitted.headers).not.toHaveProperty('traceresponse');
      expect(collector.requests).toEqual([]);
    } finally {
      await t.close();
      await collector.close();
    }
  });
});

describe.each([
  ['hangs', 'hang' as const],
  ['answers 500', 'fail' as const],
])('a collector that %s', (_what, mode) => {
  it('neither slows nor fails decisions, and does not hold the engine when it stops', async () => {
    const collector = await startOtlpCollector();
    collector.setMode(mode);
    const t = await startTestEngine({ otlpEndpoint: collector.endpoint, integrations: [sanctions()] });
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 40; i += 1) {
        const started = performance.now();
        const r = await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: `cust-${i}` }) });
        latencies.push(performance.now() - started);
        expect(r.status).toBe(202);
      }
      await t.drain(10_000);
      const listed = await t.request('GET', '/api/decisions?limit=100');
      expect(listed.body.items.filter((d: { status: string }) => d.status === 'approved')).toHaveLength(40);
      // An export in the request path would hold a submission for the exporter's 10 s timeout.
      expect(Math.max(...latencies)).toBeLessThan(1_000);
      // The exporter did try (its batch delay is 1 s): what it could not send is dropped.
      for (let waited = 0; collector.requests.length === 0 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(collector.requests.length).toBeGreaterThan(0);
    } finally {
      const stopping = performance.now();
      await t.close();
      // Each tracing (the engine's, the writer thread's) gives its last spans at most 1 s.
      expect(performance.now() - stopping).toBeLessThan(3_500);
      await collector.close();
    }
  });
});
