import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { startOtlpCollector, type CollectedSpan } from '../fixtures/otlp-collector';

// Production mode as operators run it (built CLI: `serve --no-worker` and a `decisionos worker` on Redis), every
// process pointed at one OTLP collector on loopback by the standard variables.
let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  collector = await startOtlpCollector();
  cluster = await startProductionCluster(1, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SERVICE_NAME: 'dos-prod-test' } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  await collector?.close();
}, 30_000);

describe('OpenTelemetry traces across processes (production mode)', () => {
  it("joins the worker process's spans to the trace the API process started, through the outbox and the BullMQ job", async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const auth = { authorization: `Bearer ${c.api.key}` };
    const answer = await fetch(`${c.api.url}/api/decisions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ decision_type: 'payment_fraud_check', task_id: 'traced-order', inputs: { amount: 10, currency: 'EUR', customer_id: 'c-1' } }),
    });
    expect(answer.status).toBe(202);
    const decisionId = ((await answer.json()) as { decision_id: string }).decision_id;

    const submit = await collector.waitFor((s) => s.name === 'decision.submit' && s.attributes['decision.id'] === decisionId, 20_000);
    await collector.waitFor((s) => s.name === 'decision.write' && s.traceId === submit.traceId, 20_000);
    await collector.waitFor((s) => s.name === 'decision.outbox.relay' && s.traceId === submit.traceId, 20_000);
    const spans = Object.fromEntries(collector.spans.filter((s) => s.traceId === submit.traceId).map((s) => [s.name, s])) as Record<string, CollectedSpan>;
    const claim = spans['decision.claim'] as CollectedSpan;

    expect(submit).toMatchObject({ parentSpanId: '', serviceName: 'dos-prod-test' });
    expect(spans['decision.enqueue']?.parentSpanId).toBe(submit.spanId);
    expect(spans['decision.outbox.relay']?.parentSpanId).toBe(submit.spanId);
    expect(claim.parentSpanId).toBe(submit.spanId);
    for (const step of ['decision.signals', 'decision.policy', 'decision.write']) expect(spans[step]?.parentSpanId, step).toBe(claim.spanId);
    // Submitted in the API process, judged in the worker process.
    expect(claim.pid).not.toBe(submit.pid);
    expect(spans['decision.write']?.pid).toBe(claim.pid);

    const trace = (await (await fetch(`${c.api.url}/api/governance/tasks/traced-order/decision-trace`, { headers: auth })).json()) as {
      items: { event_type: string; payload: { decision_snapshot?: { trace_id?: string } } }[];
    };
    expect(trace.items.length).toBeGreaterThanOrEqual(4);
    expect(new Set(trace.items.map((e) => e.payload.decision_snapshot?.trace_id))).toEqual(new Set([submit.traceId]));
  }, 60_000);
});
