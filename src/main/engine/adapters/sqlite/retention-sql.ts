import type { PruneTable } from '../../ports/audit-store';

/*
 * What retention deletes, one predicate per table over an aliased row, with named parameters @cutoff (SQL time),
 * @cutoff_minute and @now (ms). The deletes and the preview's counts are built from these same texts, so a preview
 * counts exactly what a run will delete. Open decisions (queued, processing), their trail and the decisions a job
 * still names are kept whatever their age.
 */
const OPEN = (decisionId: string) =>
  `EXISTS (SELECT 1 FROM decisions o WHERE o.decision_id = ${decisionId} AND o.status IN ('queued', 'processing'))`;
const trail = (x: string) => `${x}.created_at < @cutoff AND (${x}.decision_id IS NULL OR NOT ${OPEN(`${x}.decision_id`)})`;
// NOT IN, not a correlated NOT EXISTS: supervisor_inbox has no decision_id index, and the list is built once per statement.
const decision = (x: string) =>
  `${x}.created_at < @cutoff AND ${x}.status NOT IN ('queued', 'processing') AND ${x}.decision_id NOT IN (SELECT decision_id FROM supervisor_inbox)`;
const taskRows = (t: string, table: string, alias: string, keep: (x: string) => string) =>
  `NOT EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.workspace_id = ${t}.workspace_id AND ${alias}.task_id = ${t}.task_id${keep(alias)})`;
const emptyTask = (t: string, keep: { decisions: (x: string) => string; trail: (x: string) => string }) =>
  `${t}.updated_at < @cutoff AND ${taskRows(t, 'decisions', 'd', keep.decisions)} AND ${taskRows(t, 'task_audits', 'a', keep.trail)} AND ${taskRows(t, 'task_events', 'e', keep.trail)}`;

export interface RetentionTableSql {
  /** The table's name in the schema. */
  table: string;
  /** What identifies a row for the delete (rowid, or the key of a WITHOUT ROWID table). */
  key: string;
  /** The rows a delete removes now. */
  where: string;
  /** The rows a whole prune removes (differs for tasks: those left with nothing once the rest is gone). */
  willGo: string;
}

const same = (table: string, key: string, where: string): RetentionTableSql => ({ table, key, where, willGo: where });

export const RETENTION_SQL: Record<PruneTable, RetentionTableSql> = {
  task_audits: same('task_audits', 'seq', trail('x')),
  task_events: same('task_events', 'rowid', trail('x')),
  decisions: same('decisions', 'rowid', decision('x')),
  tasks: {
    table: 'tasks',
    key: 'rowid',
    where: emptyTask('x', { decisions: () => '', trail: () => '' }),
    willGo: emptyTask('x', { decisions: (d) => ` AND NOT (${decision(d)})`, trail: (a) => ` AND NOT (${trail(a)})` }),
  },
  ops_audits: same('ops_audits', 'seq', 'x.created_at < @cutoff'),
  stats_minutes: same('decision_stats_minute', '(workspace_id, minute, decision_type, status)', 'x.minute < @cutoff_minute'),
  idempotency_keys: same('idempotency_keys', '(workspace_id, client_request_id)', 'x.expires_at < @now'),
};
