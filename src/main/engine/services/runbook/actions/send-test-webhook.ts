import { SendTestWebhookParams } from '../../../../../shared/schemas/runbook';
import type { DeliveryView } from '../../../../../shared/schemas/alerts';
import { defineAction, singlePreview } from './action';

function outcome(d: DeliveryView): string {
  const answer = d.http_status === null ? (d.last_error ?? 'no answer') : `HTTP ${d.http_status}`;
  return d.status === 'delivered'
    ? `${d.receiver} took it (${answer}; delivery ${d.id})`
    : `${d.receiver}: not delivered (${d.status}: ${d.last_error ?? answer}; delivery ${d.id})`;
}

export const sendTestWebhook = defineAction({
  id: 'send-test-webhook',
  title: 'Send a test notification',
  description:
    'Post one test alert (alertname DecisionOSTestNotification, label test=true) now to every alert receiver, or to the one named, each in its format and through its breaker, and report how each answered. Nothing to undo.',
  scope: 'system',
  params: SendTestWebhookParams,
  async preview(ctx, params) {
    if (!ctx.notifier) return singlePreview('No alert receiver is configured (DECISIONOS_ALERT_WEBHOOK_URL, DECISIONOS_ALERT_RECEIVERS): nothing would be sent.', { notifications: 0 }, 'webhook', params);
    const targets = ctx.notifier.select(params.receiver);
    return {
      summary: `Post one test alert to ${targets.map((n) => n.receiver).join('; ')}, once each, without retries.`,
      touches: { counts: { notifications: targets.length }, ids: targets.map((n) => n.name), total: targets.length },
      destructive: false,
      confirm: null,
      params,
    };
  },
  async run(ctx, params, preview, progress) {
    const notifier = ctx.notifier;
    if (!notifier || (preview.touches.counts.notifications ?? 0) === 0) {
      progress(1, 1);
      return { summary: 'No alert receiver is configured: nothing was sent.', counts: { notifications: 0, delivered: 0 }, undo: null };
    }
    const deliveries = await notifier.sendTest(ctx.caller.name, params.receiver);
    progress(deliveries.length, deliveries.length);
    const delivered = deliveries.filter((d) => d.status === 'delivered').length;
    const head = delivered === deliveries.length ? 'The test notification arrived' : `The test notification was not delivered everywhere (${delivered} of ${deliveries.length})`;
    return {
      summary: `${head}: ${deliveries.map(outcome).join('; ')}.`,
      counts: { notifications: deliveries.length, delivered },
      undo: null,
    };
  },
});
