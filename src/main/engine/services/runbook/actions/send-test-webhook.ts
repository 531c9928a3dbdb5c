import { NoParams } from '../../../../../shared/schemas/runbook';
import { defineAction, singlePreview } from './action';

export const sendTestWebhook = defineAction({
  id: 'send-test-webhook',
  title: 'Send a test notification',
  description: 'Post one test alert (alertname DecisionOSTestNotification, label test=true) to the alert webhook now, through its breaker, and report how the receiver answered. Nothing to undo.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (!ctx.notifier) return singlePreview('No alert webhook is configured (DECISIONOS_ALERT_WEBHOOK_URL): nothing would be sent.', { notifications: 0 }, 'webhook');
    return singlePreview(`Post one test alert to ${ctx.notifier.receiver}, once, without retries.`, { notifications: 1 }, 'webhook');
  },
  async run(ctx, _params, preview, progress) {
    const notifier = ctx.notifier;
    if (!notifier || (preview.touches.counts.notifications ?? 0) === 0) {
      progress(1, 1);
      return { summary: 'No alert webhook is configured: nothing was sent.', counts: { notifications: 0, delivered: 0 }, undo: null };
    }
    const delivery = await notifier.sendTest(ctx.caller.name);
    progress(1, 1);
    const answer = delivery.http_status === null ? (delivery.last_error ?? 'no answer') : `HTTP ${delivery.http_status}`;
    return {
      summary:
        delivery.status === 'delivered'
          ? `The receiver took the test notification (${answer}); delivery ${delivery.id}.`
          : `The test notification was not delivered (${delivery.status}: ${delivery.last_error ?? answer}); delivery ${delivery.id}.`,
      counts: { notifications: 1, delivered: delivery.status === 'delivered' ? 1 : 0 },
      undo: null,
    };
  },
});
