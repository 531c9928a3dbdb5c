import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteBreakerStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-breaker-store';
import { AlertNotifier, WEBHOOK_BREAKER_CONFIG } from '../../../../../../src/main/engine/services/alerting/alert-notifier';
import { AlertReceivers } from '../../../../../../src/main/engine/services/alerting/alert-receivers';
import { alertReceiverConfigs } from '../../../../../../src/main/engine/services/alerting/receiver-configs';
import { Breakers } from '../../../../../../src/main/engine/services/integrations/breakers';
import { AppError } from '../../../../../../src/shared/errors';
import type { AlertView } from '../../../../../../src/shared/schemas/alerts';

const alert = (id: string, severity: AlertView['severity']): AlertView => ({
  fingerprint: `fp-${id}`, rule_id: id, status: 'firing', severity, message: `${id} fired`, metric: 'queue_depth', value: 2, threshold: 1, operator: '>',
  labels: { alertname: id, severity, metric: 'queue_depth' }, starts_at: '2026-12-02T10:00:00.000Z', ends_at: null, acknowledged: null, silenced_by: null,
});

/** The configured receivers over a stub POST that records (url, body) and answers `answers[url]` (200 by default). */
function receivers(answers: Record<string, number> = {}) {
  const posted: { url: string; body: Record<string, unknown> }[] = [];
  const clock = { now: () => 1_000_000 };
  const configs = alertReceiverConfigs({
    alertWebhookUrl: 'http://h.example/am',
    alertReceivers: [
      { name: 'chat', url: 'http://h.example/slack', format: 'slack' },
      { name: 'pager', url: 'http://h.example/pager', format: 'json', severities: ['critical'], max_per_minute: 2 },
    ],
  });
  const breakers = new Breakers(createSqliteBreakerStore(openDatabase(':memory:')), clock, new Map(configs.map((c) => [c.breaker, WEBHOOK_BREAKER_CONFIG])));
  const all = new AlertReceivers(configs.map((c) => new AlertNotifier({
    maxPerMinute: 1, ...c, retries: 0, backoffMs: 1, timeoutMs: 1_000, externalUrl: () => 'http://ui.example', breakers, clock,
    post: async (url, body) => (posted.push({ url, body: body as Record<string, unknown> }), { status: answers[url] ?? 200 }),
    log: { info: () => undefined, warn: () => undefined },
  })));
  return { all, posted };
}

describe('AlertReceivers', () => {
  it('sends each alert to every receiver whose severities take it, each in its own format', async () => {
    const { all, posted } = receivers();
    all.notify(alert('lag', 'warning'));
    all.notify(alert('down', 'critical'));
    await all.flush();
    const byUrl = Object.fromEntries(posted.map((p) => [p.url, p.body]));
    expect(Object.keys(byUrl).sort()).toEqual(['http://h.example/am', 'http://h.example/pager', 'http://h.example/slack']);
    expect(byUrl['http://h.example/am']).toMatchObject({ version: '4', receiver: 'webhook', alerts: [{ labels: { alertname: 'lag' } }, { labels: { alertname: 'down' } }] });
    expect(byUrl['http://h.example/slack']).toEqual({ text: expect.stringMatching(/^\[FIRING\] warning lag: .*\n\[FIRING\] critical down: /) });
    expect(byUrl['http://h.example/pager']).toMatchObject({ receiver: 'pager', alerts: [{ rule: 'down', severity: 'critical' }] });
    expect((byUrl['http://h.example/pager'] as { alerts: unknown[] }).alerts).toHaveLength(1);
  });

  it('keeps a per-minute budget (its own max_per_minute, else the default) and deliveries per receiver: a receiver that fails does not hold the others back', async () => {
    const { all, posted } = receivers({ 'http://h.example/slack': 500 });
    all.notify(alert('down', 'critical'));
    await all.flush();
    all.notify(alert('again', 'critical'));
    await all.flush(); // webhook and chat have spent their 1 a minute; pager (2 a minute) sends the second alert
    expect(posted.map((p) => p.url)).toEqual(['http://h.example/am', 'http://h.example/slack', 'http://h.example/pager', 'http://h.example/pager']);
    const recent = all.recent();
    expect(recent.map((d) => [d.receiver, d.status]).sort()).toEqual([['chat', 'failed'], ['pager', 'delivered'], ['pager', 'delivered'], ['webhook', 'delivered']]);
  });

  it('sends the test notification to every receiver, or to the one named, and refuses an unknown name with not_found', async () => {
    const { all, posted } = receivers();
    expect((await all.sendTest('oncall')).map((d) => d.receiver)).toEqual(['webhook', 'chat', 'pager']);
    expect(posted.map((p) => p.url)).toEqual(['http://h.example/am', 'http://h.example/slack', 'http://h.example/pager']);
    expect((await all.sendTest('oncall', 'chat')).map((d) => d.receiver)).toEqual(['chat']);
    expect(posted.at(-1)?.body).toEqual({ text: expect.stringContaining('[FIRING] info test_notification (test=true): Test notification sent by oncall') });
    await expect(all.sendTest('oncall', 'nope')).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'not_found' && /configured: webhook, chat, pager/.test(e.message));
  });
});
