import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import { DATABASE_FILE } from '../../src/main/engine/engine';

/** A sanctions service on loopback that answers or fails on command, and counts what reached it. */
let mode: 'ok' | 'fail' = 'ok';
let hits = 0;
const upstream = http.createServer((req, res) => {
  hits += 1;
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const asked = JSON.parse(body) as { decision_type: string; inputs: { customer_id: string } };
    if (mode === 'fail') {
      res.writeHead(503).end('maintenance');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ hit: asked.inputs.customer_id === 'cust-sanctioned', score: 0.12, nested: { ignored: true } }));
  });
});

let t: TestEngine;
const opsAudits = (eventType: string) =>
  new Database(path.join(t.dataDir, DATABASE_FILE), { readonly: true })
    .prepare('SELECT actor, target, payload FROM ops_audits WHERE event_type = ? ORDER BY seq')
    .all(eventType) as { actor: string; target: string; payload: string }[];

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/check`;
  t = await startTestEngine({
    integrations: [{
      name: 'sanctions', url, applies_to: ['payment_fraud_check'], timeout_ms: 2_000, retries: 1, retry_backoff_ms: 1,
      on_unavailable: 'needs_review',
      breaker: { failure_threshold: 2, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 0.3, half_open_probe_count: 1 },
    }],
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function judged(inputs: Record<string, unknown> = {}) {
  const submitted = await t.request('POST', '/api/decisions', { body: samplePayment(inputs) });
  await t.drain();
  return (await t.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body;
}

describe('an integration behind its circuit breaker, in the decision pipeline', () => {
  it('turns the answer into signals <name>_<field> that policy rules can read', async () => {
    const decision = await judged();
    expect(decision.status).toBe('approved');
    expect(decision.signals).toMatchObject({ sanctions_available: true, sanctions_hit: false, sanctions_score: 0.12 });
    expect(decision.signals).not.toHaveProperty('sanctions_nested');
    const ops = await t.request('GET', '/api/breakers');
    expect(ops.body.items[0]).toMatchObject({ integration: 'sanctions', state: 'CLOSED', successes: 1, failures: 0 });
  });

  it('sends the decision to review with missing_reason when the upstream fails, then opens and stops calling', async () => {
    mode = 'fail';
    const before = hits;
    const failed = await judged();
    expect(hits - before).toBe(2); // the call and its one retry
    expect(failed.status).toBe('needs_review');
    expect(failed.signals.sanctions_available).toBe(false);
    expect(failed.findings).toContainEqual(expect.objectContaining({ code: 'integration_unavailable', missing_reason: 'fetch_error', rule_id: 'integration.sanctions' }));

    const breakers = await t.request('GET', '/api/breakers');
    expect(breakers.body.items[0]).toMatchObject({ state: 'OPEN', failures: 2, settings: { failure_threshold: 2 } });
    expect(breakers.body.items[0].last_transition.cause).toMatch(/2 failures .*HTTP 503/);
    expect(breakers.body.items[0].next_probe_at).not.toBeNull();

    const whileOpen = await judged();
    expect(hits - before).toBe(2); // rejected without calling
    expect(whileOpen.status).toBe('needs_review');
    expect(whileOpen.findings).toContainEqual(expect.objectContaining({ code: 'integration_unavailable', missing_reason: 'circuit_open' }));

    // Counters from the writer thread reach the registry in batches (every 100 ms).
    const scrape = async () => (await t.request('GET', '/metrics')).body as string;
    await expect.poll(scrape).toContain('decisionos_breaker_transitions_total{integration="sanctions",from="CLOSED",to="OPEN"} 1');
    const metrics = await scrape();
    expect(metrics).toContain('decisionos_breaker_state{integration="sanctions",state="OPEN"} 1');
    await expect.poll(scrape).toMatch(/decisionos_integration_call_duration_seconds_count\{integration="sanctions",outcome="rejected"\} [1-9]/);
    expect(opsAudits('BREAKER_TRANSITION').map((r) => JSON.parse(r.payload).to)).toEqual(['OPEN']);
  });

  it('closes again after the cooldown when the probe succeeds', async () => {
    mode = 'ok';
    await new Promise((r) => setTimeout(r, 350));
    const decision = await judged({ customer_id: 'cust-2' });
    expect(decision.status).toBe('approved');
    expect((await t.request('GET', '/api/breakers')).body.items[0].state).toBe('CLOSED');
    expect(opsAudits('BREAKER_TRANSITION').map((r) => JSON.parse(r.payload).to)).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  it('lets an operator force it open with a reason (audited with who), and refuses without reason, scope or a known name', async () => {
    expect((await t.request('POST', '/api/breakers/sanctions/force-open', { body: {} })).status).toBe(400);
    const reader = await t.keyFor('default', ['read']);
    expect((await t.request('POST', '/api/breakers/sanctions/force-open', { key: reader, body: { reason: 'upstream maintenance' } })).status).toBe(403);
    const unknown = await t.request('POST', '/api/breakers/nope/force-open', { body: { reason: 'upstream maintenance' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const forced = await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'upstream maintenance' } });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ state: 'OPEN', forced: 'open', next_probe_at: null });
    const before = hits;
    const decision = await judged();
    expect(hits).toBe(before);
    expect(decision.findings).toContainEqual(expect.objectContaining({ missing_reason: 'circuit_open' }));

    const reset = await t.request('POST', '/api/breakers/sanctions/reset', { body: { reason: 'maintenance over' } });
    expect(reset.body).toMatchObject({ state: 'CLOSED', forced: null });
    const actions = opsAudits('BREAKER_ACTION').map((r) => ({ actor: r.actor, target: r.target, ...JSON.parse(r.payload) }));
    expect(actions).toEqual([
      expect.objectContaining({ actor: 'local-admin', target: 'sanctions', action: 'force-open', reason: 'upstream maintenance', state: 'OPEN' }),
      expect.objectContaining({ actor: 'local-admin', target: 'sanctions', action: 'reset', reason: 'maintenance over', state: 'CLOSED' }),
    ]);
  });

  it('asks nothing for decision types the integration does not apply to', async () => {
    const before = hits;
    const submitted = await t.request('POST', '/api/decisions', {
      body: { decision_type: 'agent_tool_call', inputs: { agent_id: 'agent-1', tool: 'task.create', arguments: {} } },
    });
    expect(submitted.status).toBe(202);
    await t.drain();
    expect(hits).toBe(before);
  });
});
