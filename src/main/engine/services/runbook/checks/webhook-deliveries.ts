import type { Check, CheckOutcome } from './check';

/** The last deliveries looked at. */
export const DELIVERIES_LOOKED_AT = 10;

export const webhookDeliveries: Check = {
  id: 'webhook-deliveries',
  title: 'Alert webhook delivery health',
  async run({ deliveries, notificationsMuted }): Promise<CheckOutcome> {
    const all = deliveries();
    const mute = all === null ? null : await notificationsMuted();
    if (mute) {
      const until = new Date(mute.until).toISOString();
      return {
        status: 'warn' as const,
        summary: `Notifications are muted until ${until} by ${mute.by} ("${mute.reason}"): nothing reaches the receiver; unmute-notifications lifts it.`,
        numbers: { configured: 'yes', muted_until: until, muted_by: mute.by, held: all?.filter((d) => d.status === 'held').length ?? 0 },
      };
    }
    if (all === null) return { status: 'pass', summary: 'No alert receiver is configured (ALERT_WEBHOOK_URL, DECISIONOS_ALERT_RECEIVERS): alerts are shown in the app only.', numbers: { configured: 'no', recent: null, failed: null } };
    // A delivery a mute held back was never attempted: it says nothing about the receiver.
    const recent = all.filter((d) => d.status !== 'held').slice(0, DELIVERIES_LOOKED_AT);
    const failed = recent.filter((d) => d.status !== 'delivered');
    const last = recent[0];
    // Each receiver's own last delivery: one receiver failing is not hidden by another one's later success.
    const lastPerReceiver = [...new Map(all.filter((d) => d.status !== 'held').reverse().map((d) => [d.receiver, d])).values()];
    const broken = lastPerReceiver.filter((d) => d.status !== 'delivered').sort((a, b) => b.at.localeCompare(a.at))[0];
    const numbers = { configured: 'yes', recent: recent.length, failed: failed.length, last_status: last?.status ?? null, last_error: last?.last_error ?? null, receivers_failing: lastPerReceiver.filter((d) => d.status !== 'delivered').length };
    if (!last) return { status: 'pass', summary: 'No alert has been sent to the webhook yet.', numbers };
    const tail = `${failed.length} of the last ${recent.length} delivery(ies) failed or were rejected`;
    if (broken) return { status: 'fail', summary: `The last delivery to ${broken.receiver} (${broken.at}) ${broken.status} after ${broken.attempts} attempt(s): ${broken.last_error ?? `HTTP ${broken.http_status}`}; ${tail}.`, numbers };
    return { status: failed.length ? 'warn' : 'pass', summary: `The last delivery (${last.at}) arrived; ${tail}.`, numbers };
  },
};
