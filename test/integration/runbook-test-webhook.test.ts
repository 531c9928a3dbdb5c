import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Posted {
  url: string;
  body: { alerts: { labels: Record<string, string>; status: string }[] };
}

async function engineWithReceiver(answer: number, posted: Posted[]): Promise<TestEngine> {
  return startTestEngine(
    { alertWebhookUrl: 'http://hooks.example.test/alerts' },
    { telemetryTimer: false, webhookPost: async (url, body) => (posted.push({ url, body: body as Posted['body'] }), { status: answer }) },
  );
}

const run = (e: TestEngine, body: Record<string, unknown> = {}) =>
  e.request('POST', '/api/runbook/actions/send-test-webhook/run', { body: { params: {}, reason: 'checking the receiver after the URL change', ...body } });

describe('runbook action send-test-webhook', () => {
  it('posts one test alert to the webhook, reports the receiver took it, and records the delivery and the audit event', async () => {
    const posted: Posted[] = [];
    t = await engineWithReceiver(200, posted);
    const preview = await t.request('POST', '/api/runbook/actions/send-test-webhook/preview', { body: { params: {} } });
    expect(preview.status).toBe(200);
    expect(preview.body.touches.counts).toEqual({ notifications: 1 });
    const r = await run(t);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.counts).toEqual({ notifications: 1, delivered: 1 });
    expect(r.body.audit_id).toEqual(expect.any(String));
    expect(r.body.undo).toBeNull();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.url).toBe('http://hooks.example.test/alerts');
    expect(posted[0]?.body.alerts[0]?.labels).toMatchObject({ alertname: 'DecisionOSTestNotification', test: 'true' });
    const deliveries = await t.request('GET', '/api/alerts/deliveries');
    expect(deliveries.body[0]).toMatchObject({ status: 'delivered', alerts: 1, http_status: 200 });
  });

  it('says so when the receiver refuses, without retrying', async () => {
    const posted: Posted[] = [];
    t = await engineWithReceiver(500, posted);
    const r = await run(t);
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ notifications: 1, delivered: 0 });
    expect(r.body.summary).toMatch(/webhook: not delivered \(failed: HTTP 500; delivery dlv_/);
    expect(posted).toHaveLength(1);
  });

  it('sends nothing when no webhook is configured, and the preview says why', async () => {
    t = await startTestEngine({}, { telemetryTimer: false });
    const preview = await t.request('POST', '/api/runbook/actions/send-test-webhook/preview', { body: { params: {} } });
    expect(preview.body.summary).toMatch(/No alert receiver is configured/);
    const r = await run(t);
    expect(r.body.counts).toEqual({ notifications: 0, delivered: 0 });
  });
});
