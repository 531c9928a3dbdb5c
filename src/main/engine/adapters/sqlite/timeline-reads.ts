import { SYSTEM_WORKSPACE, type TimelineQuery, type TimelineReads } from '../../ports/audit-store';
import type { TimelineRow } from '../../domain/timeline';
import { OPS_TIMELINE_EVENTS, TASK_TIMELINE_EVENTS } from '../../domain/timeline';
import type { Db } from './database';
import { toSqlTime } from './sql-time';
import { sqlTimeToMs } from '../store-rows/stored-time';

interface Row {
  id: string;
  created_at: string;
  source: 'task' | 'ops';
  event_type: string;
  actor: string | null;
  target: string;
  decision_id: string | null;
  details: string;
}

const list = (events: string[]) => events.map((e) => `'${e}'`).join(', ');

/**
 * The incident timeline: the task trail's human-relevant events (blocked, reviewed, unblocked, runbook actions)
 * and the operations trail (breakers, alerts, policies, queue), merged newest first. Task payloads hold whole
 * decision snapshots, so only the few fields a timeline line needs are extracted.
 */
export function sqliteTimelineReads(db: Db): TimelineReads {
  // The first IN repeats the partial index's condition word for word: SQLite uses a partial index only then.
  const statement = (taskEvents: string[], opsEvents: string[]) => {
    // Each trail is cut to the page size on its own index before the merge: only the rows shown are read and
    // have their fields extracted, however many events the window holds.
    const after = `(@before_at IS NULL OR created_at < @before_at OR (created_at = @before_at AND id < @before_id))`;
    const parts: string[] = [];
    if (taskEvents.length) {
      parts.push(`SELECT * FROM (
        SELECT 'task:' || audit_id AS id, created_at, 'task' AS source, event_type, actor, task_id AS target, decision_id,
               json_object('reason_code', reason_code, 'reason', json_extract(payload, '$.reason'),
                           'note', json_extract(payload, '$.review.note'), 'verdict', json_extract(payload, '$.review.verdict'),
                           'action', json_extract(payload, '$.action'), 'request_id', json_extract(payload, '$.request_id')) AS details
        FROM task_audits INDEXED BY idx_task_audits_timeline
        WHERE workspace_id = @ws AND created_at >= @from AND created_at < @to
          AND event_type IN (${list(TASK_TIMELINE_EVENTS)}) AND event_type IN (${list(taskEvents)})
          AND (@before_at IS NULL OR created_at < @before_at OR (created_at = @before_at AND 'task:' || audit_id < @before_id))
        ORDER BY created_at DESC, audit_id DESC LIMIT @limit)`);
    }
    if (opsEvents.length) {
      parts.push(`SELECT * FROM (
        SELECT 'ops:' || audit_id AS id, created_at, 'ops' AS source, event_type, actor, target, NULL AS decision_id, payload AS details
        FROM ops_audits
        WHERE created_at >= @from AND created_at < @to AND workspace_id IN (@ws, @system) AND event_type IN (${list(opsEvents)})
          AND (@before_at IS NULL OR created_at < @before_at OR (created_at = @before_at AND 'ops:' || audit_id < @before_id))
        ORDER BY created_at DESC, audit_id DESC LIMIT @limit)`);
    }
    return db.prepare(`
      SELECT * FROM (${parts.join(' UNION ALL ')})
      WHERE ${after}
      ORDER BY created_at DESC, id DESC LIMIT @limit`);
  };
  const cache = new Map<string, ReturnType<typeof statement>>();

  return {
    async timeline(workspaceId: string, q: TimelineQuery): Promise<TimelineRow[]> {
      const taskEvents = TASK_TIMELINE_EVENTS.filter((e) => q.eventTypes.has(e));
      const opsEvents = OPS_TIMELINE_EVENTS.filter((e) => q.eventTypes.has(e));
      if (!taskEvents.length && !opsEvents.length) return [];
      const key = `${taskEvents.join()}|${opsEvents.join()}`;
      let stmt = cache.get(key);
      if (!stmt) cache.set(key, (stmt = statement(taskEvents, opsEvents)));
      // The cursor is the last row seen: rows of the same instant are told apart by id.
      const rows = stmt.all({
        ws: workspaceId, system: SYSTEM_WORKSPACE, from: toSqlTime(q.from), to: toSqlTime(q.to), limit: q.limit,
        before_at: q.before ? toSqlTime(q.before.at) : null, before_id: q.before?.id ?? null,
      }) as Row[];
      return rows.map((r) => ({
        id: r.id,
        at: sqlTimeToMs(r.created_at),
        source: r.source,
        eventType: r.event_type,
        actor: r.actor ?? 'system',
        target: r.target,
        decisionId: r.decision_id,
        details: Object.fromEntries(Object.entries(JSON.parse(r.details) as Record<string, unknown>).filter(([, v]) => v !== null)),
      }));
    },
  };
}
