import type { AlertView } from '../../../shared/schemas/alerts';
import type { NotificationFormat } from '../../../shared/schemas/alert-receivers';
import { alertmanagerPayload } from './alertmanager-payload';
import { jsonPayload } from './json-payload';
import { slackPayload } from './slack-payload';

/** The body of one delivery of `alerts` to a receiver, in the receiver's format. */
export function notificationPayload(format: NotificationFormat, alerts: readonly AlertView[], o: { receiver: string; externalUrl: string | null }): object {
  switch (format) {
    case 'alertmanager':
      return alertmanagerPayload(alerts, { receiver: o.receiver, externalUrl: o.externalUrl ?? '' });
    case 'slack':
      return slackPayload(alerts, { externalUrl: o.externalUrl });
    case 'json':
      return jsonPayload(alerts, { receiver: o.receiver });
  }
}
