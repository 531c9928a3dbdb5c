import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteBreakerStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-breaker-store';
import { createHttpWebhookPost } from '../../../../../../src/main/engine/adapters/webhook-client';
import { AlertNotifier, WEBHOOK_BREAKER } from '../../../../../../src/main/engine/services/alerting/alert-notifier';
import { Breakers } from '../../../../../../src/main/engine/services/integrations/breakers';
import type { AlertView } from '../../../../../../src/shared/schemas/alerts';
import { tempDataDir } from '../../../../../fixtures/engine';

/**
 * A webhook receiver on loopback: `/hook` answers the next `failures` requests with 500, then 200, and keeps every
 * body; `/redirect` answers 302 to `/hook`; `/endless` answers 200 and a body that never ends.
 */
let failures = 0;
let redirects = 0;
let endlessBytes = 0;
const received: { status: number; body: Record<string, any> }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
const receiver = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    if (req.url === '/redirect') {
      redirects += 1;
      res.writeHead(302, { location: url }).end();
      return;
    }
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) endlessBytes += chunk.length;
      };
      res.on('drain', pump);
      pump();
      return;
    }
    const status = failures > 0 ? 500 : 200;
    if (failures > 0) failures -= 1;
    received.push({ status, body: text ? JSON.parse(text) : {} });
    res.writeHead(status).end();
  });
});
let base = '';
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  url = `${base}/hook`;
});
afterAll(() => new Promise<void>((resolve) => {
  receiver.close(() => resolve());
  receiver.closeAllConnections();
}));

const alert = (i: number, status: 'firing' | 'resolved' = 'firing'): AlertView => ({
  fingerprint: `fp${i}`, rule_id: `rule-${i}`, status, severity: 'critical', message: `rule ${i} is unhappy`, metric: 'queue_depth',
  value: 1200, threshold: 1000, operator: '>', labels: { alertname: `rule-${i}`, severity: 'critical', metric: 'queue_depth' },
  starts_at: '2026-12-02T10:00:00.000Z', ends_at: status === 'resolved' ? '2026-12-02T10:05:00.000Z' : null, acknowledged: null, silenced_by: null,
});

function notifier(target = url, muted?: () => Promise<{ until: number; by: string } | null>) {
  const clock = { t: 1_000_000, now() { return this.t; } };
  const breakerStore = createSqliteBreakerStore(openDatabase(path.join(tempDataDir('dos-notify-'), 'kv.sqlite')));
  const breakers = new Breakers(breakerStore, clock, new Map([[WEBHOOK_BREAKER, { failureThreshold: 5, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 1 }]]));
  const n = new AlertNotifier({
    name: 'webhook', url: target, format: 'alertmanager', breaker: WEBHOOK_BREAKER, maxPerMinute: 12, retries: 3, backoffMs: 1, timeoutMs: 2_000, externalUrl: () => 'http://127.0.0.1:8080',
    post: createHttpWebhookPost({ maxResponseBytes: 64 * 1024 }), breakers, clock, sleep: async () => undefined, log: { info: () => undefined, warn: () => undefined }, muted,
  });
  return { n, clock };
}

describe('AlertNotifier', () => {
  it('while muted posts nothing and records held deliveries; once unmuted sends what still fires and the resolution of what the receiver knew, not alerts that fired and resolved inside the mute', async () => {
    received.length = 0;
    let mute: { until: number; by: string } | null = { until: 2_000_000, by: 'oncall' };
    const { n } = notifier(url, async () => mute);
    n.notify(alert(1, 'resolved')); // fired (and was sent) before the mute, resolves inside it
    n.notify(alert(2)); // fires inside the mute and stays
    n.notify(alert(3)); // fires inside the mute ...
    await n.flush();
    n.notify(alert(3, 'resolved')); // ... and resolves inside it
    await n.flush();
    expect(received).toEqual([]);
    expect(n.recent().map((d) => [d.status, d.alerts, d.attempts, d.last_error])).toEqual([
      ['held', 1, 0, 'muted until 1970-01-01T00:33:20.000Z by oncall'],
      ['held', 3, 0, 'muted until 1970-01-01T00:33:20.000Z by oncall'],
    ]);
    expect(n.heldBack).toBe(2);
    mute = null;
    await n.flush();
    expect(received).toHaveLength(1);
    expect(received[0]?.body.alerts.map((a: { fingerprint: string; status: string }) => `${a.fingerprint}:${a.status}`)).toEqual(['fp1:resolved', 'fp2:firing']);
    expect(n.heldBack).toBe(0);
    await n.flush();
    expect(received).toHaveLength(1);
  });

  it('posts the Alertmanager webhook format', async () => {
    received.length = 0;
    const { n } = notifier();
    n.notify(alert(1));
    n.notify(alert(2, 'resolved'));
    await n.flush();
    expect(received).toHaveLength(1);
    const body = received[0]?.body;
    expect(body).toMatchObject({
      version: '4', status: 'firing', receiver: 'webhook', groupLabels: {}, externalURL: 'http://127.0.0.1:8080',
      commonLabels: { severity: 'critical', metric: 'queue_depth' },
    });
    expect(body?.alerts).toEqual([
      { status: 'firing', labels: { alertname: 'rule-1', severity: 'critical', metric: 'queue_depth' }, annotations: { summary: 'rule 1 is unhappy', description: 'queue_depth > 1000 (value 1200)' },
        startsAt: '2026-12-02T10:00:00.000Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://127.0.0.1:8080/alerts?rule=rule-1', fingerprint: 'fp1' },
      expect.objectContaining({ status: 'resolved', endsAt: '2026-12-02T10:05:00.000Z', fingerprint: 'fp2' }),
    ]);
  });

  it('sends at most 12 deliveries for 30 alerts in one minute, deduplicated by fingerprint, and the rest the next minute', async () => {
    received.length = 0;
    const { n, clock } = notifier();
    for (let i = 0; i < 30; i += 1) {
      n.notify(alert(i));
      n.notify(alert(i)); // the same alert twice: one entry
      await n.flush();
      clock.t += 1_000;
    }
    expect(received).toHaveLength(12);
    const sent = received.flatMap((r) => r.body.alerts.map((a: { fingerprint: string }) => a.fingerprint));
    expect(new Set(sent).size).toBe(sent.length);
    expect(n.pending).toBe(30 - sent.length);
    clock.t += 60_000;
    await n.flush();
    expect(received).toHaveLength(13);
    expect(n.pending).toBe(0);
  });

  it('retries a receiver that fails twice and then answers: the notification arrives once', async () => {
    received.length = 0;
    failures = 2;
    const { n } = notifier();
    n.notify(alert(7));
    await n.flush();
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(received.filter((r) => r.status === 200)).toHaveLength(1);
    expect(n.recent()[0]).toMatchObject({ status: 'delivered', attempts: 3, http_status: 200, last_error: null, alerts: 1 });
    expect(n.pending).toBe(0);
  });

  it('records a delivery that failed every attempt, keeps its alerts for later, and stops calling once the breaker opens', async () => {
    received.length = 0;
    failures = 100;
    const { n, clock } = notifier();
    n.notify(alert(9));
    await n.flush();
    expect(received).toHaveLength(4); // one try and three retries
    expect(n.recent()[0]).toMatchObject({ status: 'failed', attempts: 4, http_status: 500, last_error: 'HTTP 500' });
    expect(n.pending).toBe(1);
    clock.t += 1_000;
    await n.flush(); // the fifth failure opens the webhook breaker
    clock.t += 1_000;
    await n.flush();
    expect(received).toHaveLength(5);
    expect(n.recent()[0]).toMatchObject({ status: 'rejected', attempts: 0 });
    failures = 0;
  });

  it('does not follow a redirect: the delivery fails with the 3xx and the redirect target receives nothing', async () => {
    received.length = 0;
    redirects = 0;
    const { n } = notifier(`${base}/redirect`);
    n.notify(alert(11));
    await n.flush();
    expect(redirects).toBe(4);
    expect(received).toHaveLength(0);
    expect(n.recent()[0]).toMatchObject({ status: 'failed', http_status: 302, last_error: expect.stringMatching(/redirects are not followed/) });
    expect(n.pending).toBe(1);
  });

  it('counts a 2xx with an endless answer as delivered at once, reading no more of it than the cap', async () => {
    endlessBytes = 0;
    const { n } = notifier(`${base}/endless`);
    n.notify(alert(12));
    const started = performance.now();
    await n.flush();
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(n.recent()[0]).toMatchObject({ status: 'delivered', attempts: 1, http_status: 200 });
    await new Promise((r) => setTimeout(r, 50));
    expect(endlessBytes).toBeLessThan(16 * 1024 * 1024); // the socket was closed, not drained
  });
});
