import { SYSTEM_WORKSPACE, type TimelineQuery, type TimelineReads } from '../../ports/audit-store';
import type { TimelineRow } from '../../domain/timeline';
import { OPS_TIMELINE_EVENTS, TASK_TIMELINE_EVENTS } from '../../domain/timeline';
import type { PgPool } from './pg-pool';

interface Row {
  id: string;
  created_at: number;
  source: 'task' | 'ops';
  event_type: string;
  actor: string | null;
  target: string;
  decision_id: string | null;
  details: Record<string, unknown>;
}

const list = (events: string[]) => events.map((e) => `'${e}'`).join(', ');

// $1 workspace, $2 system workspace, $3 from, $4 to, $5 limit, $6 before_at, $7 before_id, $8 task events, $9 ops events.
// Ids compare and sort COLLATE "C" (bytes, as SQLite does): the cursor must mean the same on every backend.
const AFTER_CURSOR = (id: string) => `($6::timestamptz IS NULL OR created_at < $6 OR (created_at = $6 AND ${id} COLLATE "C" < $7))`;

/**
 * The incident timeline, as on SQLite: the task trail's human-relevant events and the operations trail, merged
 * newest first. Each trail is cut to the page size before the merge. The first IN repeats the partial index
 * idx_task_audits_timeline's condition word for word, so the planner can prove the index applies; the chosen event
 * types are a parameter, so one statement text serves every filter.
 */
const TIMELINE_SQL = `
  SELECT * FROM (
    (SELECT 'task:' || audit_id AS id, created_at, 'task' AS source, event_type, actor, task_id AS target, decision_id,
            jsonb_build_object('reason_code', reason_code, 'reason', payload->'reason', 'note', payload->'review'->'note',
                               'verdict', payload->'review'->'verdict', 'action', payload->'action',
                               'request_id', payload->'request_id') AS details
     FROM task_audits
     WHERE workspace_id = $1 AND created_at >= $3::timestamptz AND created_at < $4::timestamptz
       AND event_type IN (${list(TASK_TIMELINE_EVENTS)}) AND event_type = ANY ($8::text[])
       AND ${AFTER_CURSOR(`('task:' || audit_id)`)}
     ORDER BY created_at DESC, audit_id COLLATE "C" DESC LIMIT $5)
    UNION ALL
    (SELECT 'ops:' || audit_id AS id, created_at, 'ops' AS source, event_type, actor, target, NULL::text AS decision_id, payload AS details
     FROM ops_audits
     WHERE created_at >= $3::timestamptz AND created_at < $4::timestamptz AND workspace_id IN ($1, $2)
       AND event_type = ANY ($9::text[])
       AND ${AFTER_CURSOR(`('ops:' || audit_id)`)}
     ORDER BY created_at DESC, audit_id COLLATE "C" DESC LIMIT $5)
  ) merged
  ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT $5`;

export function pgTimelineReads(pool: PgPool): TimelineReads {
  return {
    async timeline(workspaceId: string, q: TimelineQuery): Promise<TimelineRow[]> {
      const taskEvents = TASK_TIMELINE_EVENTS.filter((e) => q.eventTypes.has(e));
      const opsEvents = OPS_TIMELINE_EVENTS.filter((e) => q.eventTypes.has(e));
      if (!taskEvents.length && !opsEvents.length) return [];
      const iso = (ms: number) => new Date(ms).toISOString();
      const { rows } = await pool.query<Row>(TIMELINE_SQL, [
        workspaceId, SYSTEM_WORKSPACE, iso(q.from), iso(q.to), q.limit,
        q.before ? iso(q.before.at) : null, q.before?.id ?? null, taskEvents, opsEvents,
      ]);
      return rows.map((r) => ({
        id: r.id,
        at: r.created_at,
        source: r.source,
        eventType: r.event_type,
        actor: r.actor ?? 'system',
        target: r.target,
        decisionId: r.decision_id,
        details: Object.fromEntries(Object.entries(r.details).filter(([, v]) => v !== null)),
      }));
    },
  };
}
