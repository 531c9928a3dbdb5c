import type { Attention } from '../../../shared/schemas/attention';
import { entityPath } from '../../../shared/entities';
import { formatClock, formatDuration } from './format';

export interface AttentionItem {
  /** Stable per thing (React key, test hook). */
  id: string;
  text: string;
  /** The screen that lists the same set. */
  to: string;
  level: 'danger' | 'warn' | 'info';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line per thing that needs someone, most urgent kinds first; empty exactly when every count is zero. */
export function attentionItems(a: Attention): AttentionItem[] {
  const now = Date.parse(a.at);
  const items: AttentionItem[] = [];
  if (a.intake_paused) {
    const p = a.intake_paused;
    items.push({ id: 'intake-paused', text: `Intake is paused by ${p.by} since ${formatClock(p.since)} (${p.reason}): every submission is refused with 503 until resume-intake.`, to: '/runbook', level: 'danger' });
  }
  if (a.queue_paused) items.push({ id: 'queue-paused', text: 'The queue is paused: decisions are accepted but not judged.', to: '/decisions?status=queued', level: 'danger' });
  for (const b of a.breakers) {
    const held = b.forced ? `forced ${b.forced}${b.forced_by ? ` by ${b.forced_by}` : ''}` : null;
    const text = b.state === 'OPEN' || b.forced === 'open'
      ? `Breaker ${b.integration} is OPEN${held ? ` (${held})` : ''}: its lookups are not made.`
      : `Breaker ${b.integration} is ${b.state}${held ? ` (${held})` : ''}.`;
    items.push({ id: `breaker-${b.integration}`, text, to: '/breakers', level: b.state === 'OPEN' ? 'danger' : 'warn' });
  }
  for (const f of a.alerts.firing) {
    items.push({
      id: `alert-${f.rule_id}`,
      text: `Alert ${f.rule_id} firing: ${f.message}${f.acknowledged ? ` (acknowledged by ${f.acknowledged.by})` : ''}`,
      to: '/alerts',
      level: f.severity === 'critical' || f.severity === 'high' ? 'danger' : 'warn',
    });
  }
  if (a.dead_letters > 0) {
    items.push({ id: 'dead-letters', text: `${plural(a.dead_letters, 'dead-lettered job', 'dead-lettered jobs')}: their decisions failed after the last retry.`, to: '/dead-letters', level: 'danger' });
  }
  if (a.agent_actions_disabled) {
    const d = a.agent_actions_disabled;
    items.push({ id: 'agent-actions-off', text: `Agent actions are switched off by ${d.by} since ${formatClock(d.since)} (${d.reason}): every agent tool call is blocked.`, to: '/runbook', level: 'warn' });
  }
  for (const t of a.affiliate_throttles) {
    const until = t.until === null ? 'until lifted' : `until ${formatClock(t.until)}`;
    items.push({ id: `throttle-${t.affiliate_id}`, text: `Affiliate ${t.affiliate_id} is throttled to ${t.per_minute} submissions a minute ${until}, by ${t.by} (${t.reason}).`, to: entityPath(t.affiliate_id), level: 'warn' });
  }
  if (a.review.count > 0) {
    const oldest = a.review.oldest_at ? `, the oldest for ${formatDuration(now - Date.parse(a.review.oldest_at))}` : '';
    items.push({ id: 'review', text: `${plural(a.review.count, 'decision waits', 'decisions wait')} for review${oldest}.`, to: '/review', level: 'warn' });
  }
  if (a.blocked_tasks > 0) {
    items.push({ id: 'blocked', text: `${plural(a.blocked_tasks, 'task is', 'tasks are')} blocked.`, to: '/blocked', level: 'warn' });
  }
  for (const p of a.alerts.pending) {
    const wait = p.waiting_for === 'duration' ? `fires in ${formatDuration(p.remaining_ms)} if it still holds` : `in cooldown for ${formatDuration(p.remaining_ms)}`;
    // A tiered rule can have two pending tiers (warning and critical): one item each.
    items.push({ id: `pending-${p.rule_id}-${p.severity}`, text: `Alert ${p.rule_id} (${p.severity}) pending (${wait}): ${p.message}`, to: '/alerts', level: 'info' });
  }
  for (const s of a.alerts.silenced) {
    items.push({ id: `silenced-${s.rule_id}`, text: `Alert ${s.rule_id} firing — silenced until ${formatClock(s.silence.ends_at)} by ${s.silence.created_by}: ${s.message}`, to: '/alerts', level: 'info' });
  }
  return items;
}
