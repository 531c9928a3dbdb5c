import type { TimelineItem, TimelineKind } from '../../../shared/schemas/timeline';

/** An audit row as the timeline reads it, from either trail. */
export interface TimelineRow {
  id: string;
  at: number;
  source: 'task' | 'ops';
  eventType: string;
  actor: string;
  /** task_id for task events; the integration, rule, policy or queue for ops events. */
  target: string;
  decisionId: string | null;
  details: Record<string, unknown>;
}

export const KIND_OF_EVENT: Record<string, TimelineKind> = {
  SUPERVISOR_BLOCKED: 'blocked',
  REVIEW_APPROVED: 'review',
  REVIEW_REJECTED: 'review',
  REVIEW_UNDONE: 'review',
  MANUAL_UNBLOCK: 'unblock',
  RUNBOOK_ACTION: 'runbook',
  BREAKER_TRANSITION: 'breaker',
  BREAKER_ACTION: 'breaker',
  ALERT_FIRING: 'alert',
  ALERT_RESOLVED: 'alert',
  ALERT_ACKNOWLEDGED: 'alert',
  ALERT_SILENCED: 'alert',
  ALERT_SILENCE_EXPIRED: 'alert',
  ALERT_RULE_SAVED: 'alert',
  POLICY_ACTIVATED: 'policy',
  QUEUE_PAUSED: 'queue',
  QUEUE_RESUMED: 'queue',
};

export const TASK_TIMELINE_EVENTS = Object.keys(KIND_OF_EVENT).filter((e) => KIND_OF_EVENT[e] && ['blocked', 'review', 'unblock', 'runbook'].includes(KIND_OF_EVENT[e]));
// RUNBOOK_ACTION is in both trails: per task (a dead letter retried) and per run of a registry action (ops).
export const OPS_TIMELINE_EVENTS = [...Object.keys(KIND_OF_EVENT).filter((e) => !TASK_TIMELINE_EVENTS.includes(e)), 'RUNBOOK_ACTION'];

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const enc = encodeURIComponent;

/** One line a person reads at 3 a.m., and where to click. */
export function timelineItem(row: TimelineRow): TimelineItem {
  const kind = KIND_OF_EVENT[row.eventType] ?? 'runbook';
  const d = row.details;
  const because = (why: unknown) => (why ? `: ${str(why)}` : '');
  const decisionLink = row.decisionId ? { label: row.decisionId, ui: `/decisions/${enc(row.decisionId)}`, api: `/api/governance/decisions/${enc(row.decisionId)}` } : null;
  const taskLink = { label: row.target, ui: `/tasks/${enc(row.target)}?audit=${enc(row.id.replace(/^task:/, ''))}`, api: `/api/governance/tasks/${enc(row.target)}/decision-trace` };
  let summary: string;
  let link: TimelineItem['link'] = null;
  switch (row.eventType) {
    case 'SUPERVISOR_BLOCKED':
      summary = `Decision blocked on task ${row.target}${because(d.reason_code)}`;
      link = decisionLink;
      break;
    case 'REVIEW_APPROVED':
    case 'REVIEW_REJECTED':
      summary = `${row.actor} ${row.eventType === 'REVIEW_APPROVED' ? 'approved' : 'rejected'} a decision on task ${row.target}${because(d.note)}`;
      link = decisionLink;
      break;
    case 'REVIEW_UNDONE':
      summary = `${row.actor} undid their ${str((d.undone as { verdict?: unknown } | undefined)?.verdict) === 'reject' ? 'rejection' : 'approval'} of a decision on task ${row.target}`;
      link = decisionLink;
      break;
    case 'MANUAL_UNBLOCK':
      summary = `${row.actor} unblocked task ${row.target}${because(d.reason)}`;
      link = taskLink;
      break;
    case 'RUNBOOK_ACTION':
      if (row.source === 'ops') {
        const result = (d.result ?? {}) as { summary?: unknown; error?: unknown };
        summary = `${row.actor} ran ${str(d.action)}${because(d.reason)}${result.error ? ` (failed: ${str(result.error)})` : result.summary ? ` → ${str(result.summary)}` : ''}`;
        break;
      }
      summary = `${row.actor} ran ${str(d.action) || 'a runbook action'} on task ${row.target}${because(d.reason)}`;
      link = taskLink;
      break;
    case 'BREAKER_TRANSITION':
      summary = `Breaker ${row.target}: ${str(d.from)} → ${str(d.to)}${because(d.cause)}`;
      link = { label: row.target, ui: `/breakers#${enc(row.target)}`, api: '/api/breakers' };
      break;
    case 'BREAKER_ACTION':
      summary = `${row.actor} ran ${str(d.action)} on breaker ${row.target}${because(d.reason)}`;
      link = { label: row.target, ui: `/breakers#${enc(row.target)}`, api: '/api/breakers' };
      break;
    case 'ALERT_FIRING':
      summary = `Alert ${row.target} fired${because(d.message)}`;
      break;
    case 'ALERT_RESOLVED':
      summary = `Alert ${row.target} resolved${because(d.why)}`;
      break;
    case 'ALERT_ACKNOWLEDGED':
      summary = `${row.actor} acknowledged alert ${row.target}${because(d.comment)}`;
      break;
    case 'ALERT_SILENCED':
      summary = `${row.actor} silenced ${row.target}${d.from ? ` from ${str(d.from)}` : ''} until ${str(d.until)}${because(d.comment)}`;
      break;
    case 'ALERT_SILENCE_EXPIRED':
      summary = `${row.actor} ended silence ${row.target}${d.matchers ? ` (${str(d.matchers)})` : ''}${because(d.reason)}`;
      break;
    case 'ALERT_RULE_SAVED':
      summary = `${row.actor} saved alert rule ${row.target} (version ${str(d.version)})${because(d.reason)}`;
      break;
    case 'POLICY_ACTIVATED':
      summary = `${row.actor} activated policy version ${str(d.version)}${d.previous_version ? ` (was ${str(d.previous_version)})` : ''}${because(d.reason)}`;
      link = { label: `v${str(d.version)}`, ui: `/policies?compare=${str(d.version)}`, api: `/api/policies/${str(d.version)}` };
      break;
    case 'QUEUE_PAUSED':
    case 'QUEUE_RESUMED':
      summary = `${row.actor} ${row.eventType === 'QUEUE_PAUSED' ? 'paused' : 'resumed'} the queue${because(d.reason)}`;
      link = { label: 'queue', ui: '/', api: '/api/queue' };
      break;
    default:
      summary = `${row.eventType} ${row.target}`;
  }
  if (kind === 'alert') link = { label: row.target, ui: `/alerts?rule=${enc(row.target)}`, api: '/api/alerts/history' };
  // Which key acted, and from which workspace, stay in the audit tables: system events reach every workspace.
  const { key_id: _key, workspace_id: _workspace, ...details } = d;
  return { id: row.id, at: new Date(row.at).toISOString(), kind, event_type: row.eventType, actor: row.actor, summary, link, details: details as TimelineItem['details'] };
}
