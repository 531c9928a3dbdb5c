import { ALERT_LABELS, type AlertView } from '../../../shared/schemas/alerts';
import { alertAnnotations, alertLink, oneLine } from './notification-text';

/** Lines in one message at most; the rest are counted in a last line (Slack cuts long texts anyway). */
export const MAX_SLACK_LINES = 50;

/** Slack's mrkdwn escaping: only these three are control characters in message text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BUILT_IN: ReadonlySet<string> = new Set(ALERT_LABELS);

/** The rule's own labels (team, service...), which route an alert to its people: ` (team=payments)`, or nothing. */
function ownLabels(a: AlertView): string {
  const own = Object.entries(a.labels).filter(([name]) => !BUILT_IN.has(name));
  return own.length ? ` (${slackEscape(oneLine(own.map(([name, value]) => `${name}=${value}`).join(', '), 200))})` : '';
}

function line(a: AlertView, externalUrl: string | null): string {
  const rule = slackEscape(oneLine(a.rule_id, 64));
  const summary = slackEscape(alertAnnotations(a).summary);
  const link = externalUrl ? ` <${slackEscape(alertLink(externalUrl, a))}|open>` : '';
  return `[${a.status.toUpperCase()}] ${a.severity} ${rule}${ownLabels(a)}: ${summary}${link}`;
}

/**
 * A Slack-compatible incoming-webhook body, `{"text": ...}`: one readable line per alert with its status,
 * severity, rule, the rule's own labels, summary and, when the engine's URL is known, a link to the alert in the UI.
 */
export function slackPayload(alerts: readonly AlertView[], o: { externalUrl: string | null }): { text: string } {
  const lines = alerts.slice(0, MAX_SLACK_LINES).map((a) => line(a, o.externalUrl));
  const more = alerts.length - MAX_SLACK_LINES;
  if (more > 0) lines.push(`… and ${more} more alert(s)`);
  return { text: lines.join('\n') };
}
