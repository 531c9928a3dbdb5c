import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';
import { readAlertReceiversFile } from '../../src/main/engine/settings/alert-receivers-file';

/** Two receivers on loopback: `/slack` (format slack, every severity) and `/pager` (format json, critical only). */
const received: { path: string; body: Record<string, unknown> }[] = [];
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body: JSON.parse(text) });
    res.writeHead(200).end('ok');
  });
});
const bodiesAt = (p: string) => received.filter((r) => r.path === p).map((r) => r.body);

let t: TestEngine;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const file = path.join(tempDataDir('dos-receivers-'), 'receivers.json');
  fs.writeFileSync(file, JSON.stringify({ receivers: [
    { name: 'chat', url: `${base}/slack`, format: 'slack' },
    { name: 'pager', url: `${base}/pager`, format: 'json', severities: ['critical'] },
  ] }));
  t = await startTestEngine(
    {
      alertReceivers: readAlertReceiversFile(file),
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
    },
    { telemetryTimer: false },
  );
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

describe('alert receivers with formats and severity routing', () => {
  it('posts {"text"} to the slack receiver for every firing alert, and only the critical one to the critical-only receiver', async () => {
    const rule = { id: 'queue-watch', metric: 'queue_depth', type: 'threshold', operator: '>=', threshold: 0, severity: 'warning', message: 'Queue <watch> & wait' };
    expect((await t.request('POST', '/api/alerts/rules', { body: { rule, reason: 'routing test' } })).status).toBe(200);
    await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
    await t.engine.telemetry.tick();

    const slack = bodiesAt('/slack');
    expect(slack).toHaveLength(1);
    expect(Object.keys(slack[0] ?? {})).toEqual(['text']);
    const lines = String(slack[0]?.text).split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(/^\[FIRING\] critical breaker-open: .+ <http:\/\/127\.0\.0\.1:\d+\/alerts\?rule=breaker-open\|open>$/),
      expect.stringMatching(/^\[FIRING\] warning queue-watch: Queue &lt;watch&gt; &amp; wait <http:\/\/127\.0\.0\.1:\d+\/alerts\?rule=queue-watch\|open>$/),
    ]);

    const pager = bodiesAt('/pager');
    expect(pager).toHaveLength(1);
    expect(pager[0]).toMatchObject({ receiver: 'pager', status: 'firing', alerts: [{ rule: 'breaker-open', severity: 'critical', status: 'firing', ends_at: null }] });
    expect((pager[0]?.alerts as unknown[]).length).toBe(1);

    const deliveries = (await t.request('GET', '/api/alerts/deliveries')).body as { receiver: string; status: string; alerts: number }[];
    expect(deliveries.map((d) => [d.receiver, d.status, d.alerts]).sort()).toEqual([['chat', 'delivered', 2], ['pager', 'delivered', 1]]);
  });

  it('send-test-webhook sends to every receiver in its format, or to the one named; an unknown name is 404', async () => {
    received.length = 0;
    const preview = await t.request('POST', '/api/runbook/actions/send-test-webhook/preview', { body: { params: {} } });
    expect(preview.body.touches).toMatchObject({ counts: { notifications: 2 }, ids: ['chat', 'pager'] });
    const all = await t.request('POST', '/api/runbook/actions/send-test-webhook/run', { body: { params: {}, reason: 'checking both receivers' } });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.counts).toEqual({ notifications: 2, delivered: 2 });
    expect(bodiesAt('/slack')).toEqual([{ text: expect.stringContaining('[FIRING] info test_notification (test=true): Test notification sent by local-admin') }]);
    expect(bodiesAt('/pager')).toEqual([expect.objectContaining({ alerts: [expect.objectContaining({ labels: expect.objectContaining({ alertname: 'DecisionOSTestNotification', test: 'true' }) })] })]);

    const one = await t.request('POST', '/api/runbook/actions/send-test-webhook/run', { body: { params: { receiver: 'pager' }, reason: 'checking the pager only' } });
    expect(one.body.counts).toEqual({ notifications: 1, delivered: 1 });
    expect(bodiesAt('/pager')).toHaveLength(2);
    expect(bodiesAt('/slack')).toHaveLength(1);

    const unknown = await t.request('POST', '/api/runbook/actions/send-test-webhook/preview', { body: { params: { receiver: 'nope' } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no alert receiver is named "nope"') });
    const oversized = await t.request('POST', '/api/runbook/actions/send-test-webhook/preview', { body: { params: { receiver: 'x'.repeat(10_000) } } });
    expect(oversized.status).toBe(400);
    const operator = await t.keyFor('default', ['read', 'operate']);
    const noScope = await t.request('POST', '/api/runbook/actions/send-test-webhook/run', { key: operator, body: { params: { receiver: 'chat' }, reason: 'not mine to send' } });
    expect(noScope.status).toBe(403);
    expect(bodiesAt('/slack')).toHaveLength(1);
  });
});
