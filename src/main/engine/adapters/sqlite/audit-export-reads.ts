import { SYSTEM_WORKSPACE, type AuditExportFilter, type AuditExportReads, type AuditExportRow } from '../../ports/audit-store';
import type { AuditEventColumns } from '../../domain/audit-export-format';
import type { Db } from './database';
import { toSqlTime } from './sql-time';
import { sqlTimeToMs } from '../store-rows/stored-time';

interface Row extends AuditEventColumns {
  id: string;
  seq: number;
  created_at: string;
  payload: string;
}

/** The WHERE of one trail for a filter's shape: only the conditions the filter uses, so each shape plans on its own. */
function conditions(f: AuditExportFilter, source: 'task' | 'ops', paged: boolean): string {
  const c = [source === 'task' ? 'workspace_id = @ws' : 'workspace_id IN (@ws, @system)'];
  if (source === 'task' && f.taskId !== null) c.push('task_id = @task');
  if (f.from !== null) c.push('created_at >= @from');
  if (f.to !== null) c.push('created_at < @to');
  if (f.eventTypes !== null) c.push('event_type IN (SELECT value FROM json_each(@types))');
  // One task: trace order, a range of idx_task_audits_task_id (its entries end with the rowid, seq). Otherwise the
  // range condition first lets the created_at index start at the cursor; the OR settles ties by id.
  if (paged && f.taskId !== null) c.push('seq > @after_seq');
  else if (paged) c.push(`created_at >= @after_at AND (created_at > @after_at OR '${source}:' || audit_id > @after_id)`);
  return c.join(' AND ');
}

const COLUMNS = (source: 'task' | 'ops') =>
  source === 'task'
    ? `'task:' || audit_id AS id, seq, created_at, 'task' AS source, audit_id, workspace_id, event_type, actor, task_id, decision_id, reason_code, NULL AS target, payload`
    : `'ops:' || audit_id AS id, seq, created_at, 'ops' AS source, audit_id, workspace_id, event_type, actor, NULL AS task_id, NULL AS decision_id, NULL AS reason_code, target, payload`;

function pageSql(f: AuditExportFilter, paged: boolean): string {
  if (f.taskId !== null) return `SELECT ${COLUMNS('task')} FROM task_audits WHERE ${conditions(f, 'task', paged)} ORDER BY seq LIMIT @limit`;
  const trail = (source: 'task' | 'ops') =>
    `SELECT * FROM (SELECT ${COLUMNS(source)} FROM ${source}_audits WHERE ${conditions(f, source, paged)} ORDER BY created_at, audit_id LIMIT @limit)`;
  const [task, ops] = [trail('task'), trail('ops')];
  return `SELECT * FROM (${task} UNION ALL ${ops}) ORDER BY created_at, id LIMIT @limit`;
}

function countSql(f: AuditExportFilter): string {
  const task = `(SELECT count(*) FROM task_audits WHERE ${conditions(f, 'task', false)})`;
  const ops = `(SELECT count(*) FROM ops_audits WHERE ${conditions(f, 'ops', false)})`;
  return `SELECT ${f.taskId === null ? `${task} + ${ops}` : task} AS n`;
}

const shape = (f: AuditExportFilter, paged: boolean) => `${f.taskId !== null}|${f.from !== null}|${f.to !== null}|${f.eventTypes !== null}|${paged}`;

const bindings = (f: AuditExportFilter) => ({
  ws: f.workspaceId,
  system: SYSTEM_WORKSPACE,
  ...(f.taskId !== null ? { task: f.taskId } : {}),
  ...(f.from !== null ? { from: toSqlTime(f.from) } : {}),
  ...(f.to !== null ? { to: toSqlTime(f.to) } : {}),
  ...(f.eventTypes !== null ? { types: JSON.stringify(f.eventTypes) } : {}),
});

/** The compliance export's reads: both audit trails of a workspace merged oldest first, a keyset page at a time. */
export function sqliteAuditExportReads(db: Db): AuditExportReads {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (key: string, sql: () => string) => {
    let stmt = statements.get(key);
    if (!stmt) statements.set(key, (stmt = db.prepare(sql())));
    return stmt;
  };
  return {
    async auditExportPage(f, after, limit): Promise<AuditExportRow[]> {
      const paged = after !== null;
      const stmt = prepared(`page|${shape(f, paged)}`, () => pageSql(f, paged));
      const cursor = after === null ? {} : f.taskId !== null ? { after_seq: after.seq } : { after_at: toSqlTime(after.at), after_id: after.id };
      const rows = stmt.all({ ...bindings(f), limit, ...cursor }) as Row[];
      return rows.map((r) => ({
        id: r.id,
        seq: r.seq,
        at: sqlTimeToMs(r.created_at),
        source: r.source,
        auditId: r.audit_id,
        workspaceId: r.workspace_id,
        eventType: r.event_type,
        actor: r.actor,
        taskId: r.task_id,
        decisionId: r.decision_id,
        reasonCode: r.reason_code,
        target: r.target,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
      }));
    },
    async countAuditExport(f) {
      return (prepared(`count|${shape(f, false)}`, () => countSql(f)).get(bindings(f)) as { n: number }).n;
    },
  };
}
