import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import { DATABASE_FILE } from '../../src/main/engine/engine';

const MB = 1024 * 1024;

/** A geo lookup on loopback that misbehaves on command; `sent` counts the bytes of the 300 MB answer it got out. */
let mode: 'redirect' | 'huge' | 'html' | 'big-field' = 'redirect';
let sent = 0;
let redirectTargetHits = 0;
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/elsewhere') {
      redirectTargetHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"country":"DE"}');
      return;
    }
    switch (mode) {
      case 'redirect':
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>{"country":"DE"}</body></html>');
        return;
      case 'big-field':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ country: 'DE', score: 0.3, blob: 'x'.repeat(40_000) }));
        return;
      case 'huge': {
        // 300 MB of one JSON string, generated chunk by chunk as the socket takes it: never held in memory.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"country":"DE","blob":"');
        const chunk = Buffer.alloc(MB, 'x');
        const pump = () => {
          while (!res.destroyed && sent < 300 * MB) {
            sent += chunk.length;
            if (!res.write(chunk)) return;
          }
          if (!res.destroyed) res.end('"}');
        };
        res.on('drain', pump);
        pump();
        return;
      }
    }
  });
});

let t: TestEngine;
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/geo`;
  t = await startTestEngine({
    integrations: [{
      name: 'geo', url, applies_to: ['payment_fraud_check'], timeout_ms: 10_000, retries: 0, retry_backoff_ms: 1, on_unavailable: 'needs_review',
      breaker: { failure_threshold: 1_000, min_calls: 1_000, window_seconds: 60, open_cooldown_seconds: 1, half_open_probe_count: 1 },
    }],
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => {
    upstream.close(() => resolve());
    upstream.closeAllConnections();
  });
});

async function judged(taskId: string) {
  const submitted = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: taskId } });
  expect(submitted.status).toBe(202);
  await t.drain();
  return (await t.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body;
}

const databaseBytes = () =>
  [DATABASE_FILE, `${DATABASE_FILE}-wal`].reduce((sum, f) => sum + (fs.statSync(path.join(t.dataDir, f), { throwIfNoEntry: false })?.size ?? 0), 0);

describe('outbound limits of an integration, in the decision pipeline', () => {
  it('does not follow a 302: the signal is missing with missing_reason redirect and the target is never asked', async () => {
    mode = 'redirect';
    const decision = await judged('task-redirect');
    expect(decision.status).toBe('needs_review');
    expect(decision.signals.geo_available).toBe(false);
    expect(decision.findings).toContainEqual(expect.objectContaining({ code: 'integration_unavailable', missing_reason: 'redirect', rule_id: 'integration.geo' }));
    expect(redirectTargetHits).toBe(0);
  });

  it('cuts a 300 MB answer off at the 64 KiB cap within seconds as bad_response; the database stays small and the trace answers', async () => {
    mode = 'huge';
    const before = databaseBytes();
    const started = performance.now();
    const decision = await judged('task-huge');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sent).toBeLessThan(64 * MB); // the socket was closed long before the end
    expect(decision.status).toBe('needs_review');
    expect(decision.findings).toContainEqual(expect.objectContaining({ missing_reason: 'bad_response', message: expect.stringMatching(/larger than 65536 bytes/) }));
    expect(decision.signals).toEqual(expect.objectContaining({ geo_available: false }));
    expect(databaseBytes() - before).toBeLessThan(2 * MB);
    const trace = await t.request('GET', '/api/governance/tasks/task-huge/decision-trace');
    expect(trace.status).toBe(200);
    expect(trace.body.items.map((e: { event_type: string }) => e.event_type)).toContain('SUPERVISOR_NEEDS_REVIEW');
  }, 60_000);

  it('refuses a text/html answer as bad_response', async () => {
    mode = 'html';
    const decision = await judged('task-html');
    expect(decision.findings).toContainEqual(expect.objectContaining({ missing_reason: 'bad_response', message: expect.stringMatching(/text\/html, not JSON/) }));
    expect(decision.signals).not.toHaveProperty('geo_country');
  });

  it('keeps the signals of a decision under 16 KiB: an oversized value is dropped for <signal>_truncated, the rest is kept', async () => {
    mode = 'big-field';
    const decision = await judged('task-big-field');
    expect(decision.status).not.toBe('failed');
    expect(decision.signals).toMatchObject({ geo_available: true, geo_country: 'DE', geo_score: 0.3, geo_blob_truncated: true, signals_truncated: true });
    expect(decision.signals).not.toHaveProperty('geo_blob');
    expect(decision.signals).toHaveProperty('risk_score');
    expect(Buffer.byteLength(JSON.stringify(decision.signals))).toBeLessThanOrEqual(16 * 1024);
    const trace = await t.request('GET', '/api/governance/tasks/task-big-field/decision-trace');
    expect(trace.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(trace.body))).toBeLessThan(64 * 1024);
  });
});
