import type { AlertView } from '../../../shared/schemas/alerts';

/** Longest summary a notification carries; a longer one is cut and ends in an ellipsis. */
export const MAX_SUMMARY_CHARS = 500;

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line of readable text: control characters become one space, and past `max` characters it is cut with "…". */
export function oneLine(text: string, max = MAX_SUMMARY_CHARS): string {
  const flat = text.replace(CONTROL, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut on a code point, not inside a surrogate pair.
  return `${Array.from(flat).slice(0, max - 1).join('')}…`;
}

/** Where the alert's rule is shown in the UI. */
export function alertLink(externalUrl: string, alert: Pick<AlertView, 'rule_id'>): string {
  return `${externalUrl}/alerts?rule=${encodeURIComponent(alert.rule_id)}`;
}

/** The summary and description every format gives an alert. */
export function alertAnnotations(a: AlertView): { summary: string; description: string } {
  return { summary: oneLine(a.message), description: oneLine(`${a.metric} ${a.operator} ${a.threshold} (value ${a.value ?? 'none'})`) };
}

/** A group is firing while any of its alerts fires. */
export function groupStatus(alerts: readonly AlertView[]): 'firing' | 'resolved' {
  return alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
}
