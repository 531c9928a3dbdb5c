import { SYSTEM_WORKSPACE, type AuditExportFilter, type AuditExportReads, type AuditExportRow } from '../../ports/audit-store';
import type { AuditEventColumns } from '../../domain/audit-export-format';
import type { PgPool } from './pg-pool';
import { fromMs } from './pg-time';

interface Row extends AuditEventColumns {
  id: string;
  seq: string;
  created_at: number;
  payload: Record<string, unknown>;
}

/** Numbered parameters for the conditions a filter uses, so each filter shape gets a plan of its own. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// Ids compare and sort COLLATE "C" (bytes, as SQLite does): the order, and so the keyset, is the same on every backend.
/** The cursor's parameters: only those its condition uses (Postgres cannot type a parameter no text names). */
type Cursor = { seq: string } | { at: string; id: string };

function conditions(f: AuditExportFilter, source: 'task' | 'ops', p: Params, after: Cursor | null): string {
  const c = [source === 'task' ? `workspace_id = ${p.add(f.workspaceId)}` : `workspace_id IN (${p.add(f.workspaceId)}, ${p.add(SYSTEM_WORKSPACE)})`];
  if (source === 'task' && f.taskId !== null) c.push(`task_id = ${p.add(f.taskId)}`);
  if (f.from !== null) c.push(`created_at >= ${fromMs(p.add(f.from))}`);
  if (f.to !== null) c.push(`created_at < ${fromMs(p.add(f.to))}`);
  if (f.eventTypes !== null) c.push(`event_type = ANY (${p.add(f.eventTypes)}::text[])`);
  // One task: trace order on idx_task_audits_trace (task_id, seq). Otherwise (time, id) from the cursor on.
  if (after && 'seq' in after) c.push(`seq > ${after.seq}`);
  else if (after) {
    const at = fromMs(after.at);
    c.push(`created_at >= ${at} AND (created_at > ${at} OR ('${source}:' || audit_id) COLLATE "C" > ${after.id})`);
  }
  return c.join(' AND ');
}

/** The compliance export's reads on Postgres: as on SQLite, both trails merged oldest first, a keyset page at a time. */
export function pgAuditExportReads(pool: PgPool): AuditExportReads {
  return {
    async auditExportPage(f, after, limit): Promise<AuditExportRow[]> {
      const p = new Params();
      const cursor: Cursor | null = after === null ? null : f.taskId !== null ? { seq: p.add(after.seq) } : { at: p.add(after.at), id: p.add(after.id) };
      const max = p.add(limit);
      const columns = (source: 'task' | 'ops') =>
        source === 'task'
          ? `'task:' || audit_id AS id, seq, created_at, 'task' AS source, audit_id, workspace_id, event_type, actor, task_id, decision_id, reason_code, NULL::text AS target, payload`
          : `'ops:' || audit_id AS id, seq, created_at, 'ops' AS source, audit_id, workspace_id, event_type, actor, NULL::text AS task_id, NULL::text AS decision_id, NULL::text AS reason_code, target, payload`;
      const trail = (source: 'task' | 'ops') =>
        `(SELECT ${columns(source)} FROM ${source}_audits WHERE ${conditions(f, source, p, cursor)} ORDER BY created_at, audit_id COLLATE "C" LIMIT ${max})`;
      const sql = f.taskId !== null
        ? `SELECT ${columns('task')} FROM task_audits WHERE ${conditions(f, 'task', p, cursor)} ORDER BY seq LIMIT ${max}`
        : `SELECT * FROM (${trail('task')} UNION ALL ${trail('ops')}) merged ORDER BY created_at, id COLLATE "C" LIMIT ${max}`;
      const { rows } = await pool.query<Row>(sql, p.values);
      return rows.map((r) => ({
        id: r.id,
        seq: Number(r.seq),
        at: r.created_at,
        source: r.source,
        auditId: r.audit_id,
        workspaceId: r.workspace_id,
        eventType: r.event_type,
        actor: r.actor,
        taskId: r.task_id,
        decisionId: r.decision_id,
        reasonCode: r.reason_code,
        target: r.target,
        payload: r.payload,
      }));
    },
    async countAuditExport(f) {
      const p = new Params();
      const task = `(SELECT count(*) FROM task_audits WHERE ${conditions(f, 'task', p, null)})`;
      const ops = f.taskId === null ? ` + (SELECT count(*) FROM ops_audits WHERE ${conditions(f, 'ops', p, null)})` : '';
      const { rows } = await pool.query<{ n: string }>(`SELECT ${task}${ops} AS n`, p.values);
      return Number(rows[0]?.n ?? 0);
    },
  };
}
