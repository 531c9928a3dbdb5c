import type { Db } from './database';
import type { PruneCounts } from '../../ports/audit-store';
import { toSqlTime } from './sql-time';

/**
 * Deletes what is older than the retention cutoff, a chunk per transaction so the writer (submissions,
 * the worker) is never held up for long. Order follows the foreign keys: audits and events, then terminal
 * decisions, then tasks that have nothing left. Open decisions and their tasks are kept whatever their age.
 */
export function sqliteRetention(db: Db) {
  const chunked = (sql: string) => db.prepare(sql);
  const open = `SELECT decision_id FROM decisions WHERE status IN ('queued', 'processing')`;
  const audits = chunked(`
    DELETE FROM task_audits WHERE seq IN (
      SELECT seq FROM task_audits WHERE created_at < ? AND (decision_id IS NULL OR decision_id NOT IN (${open})) LIMIT ?)`);
  const events = chunked(`
    DELETE FROM task_events WHERE rowid IN (
      SELECT rowid FROM task_events WHERE created_at < ? AND (decision_id IS NULL OR decision_id NOT IN (${open})) LIMIT ?)`);
  const decisions = chunked(`
    DELETE FROM decisions WHERE decision_id IN (
      SELECT decision_id FROM decisions
      WHERE created_at < ? AND status NOT IN ('queued', 'processing')
        AND decision_id NOT IN (SELECT decision_id FROM supervisor_inbox)
      LIMIT ?)`);
  const tasks = chunked(`
    DELETE FROM tasks WHERE rowid IN (
      SELECT t.rowid FROM tasks t
      WHERE t.updated_at < ?
        AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.workspace_id = t.workspace_id AND d.task_id = t.task_id)
        AND NOT EXISTS (SELECT 1 FROM task_audits a WHERE a.task_id = t.task_id AND a.workspace_id = t.workspace_id)
        AND NOT EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.task_id AND e.workspace_id = t.workspace_id)
      LIMIT ?)`);
  const opsAudits = chunked(`DELETE FROM ops_audits WHERE seq IN (SELECT seq FROM ops_audits WHERE created_at < ? LIMIT ?)`);
  const rollups = db.prepare('DELETE FROM decision_stats_minute WHERE minute < ?');
  const idempotency = db.prepare('DELETE FROM idempotency_keys WHERE expires_at < ?');

  const drain = (statement: ReturnType<typeof chunked>, cutoff: string, chunk: number): number => {
    let total = 0;
    for (;;) {
      const n = db.transaction(() => statement.run(cutoff, chunk).changes).immediate();
      total += n;
      if (n < chunk) return total;
    }
  };

  return {
    prune(cutoffMs: number, now: number, chunk: number): PruneCounts {
      const cutoff = toSqlTime(cutoffMs);
      return {
        task_audits: drain(audits, cutoff, chunk),
        task_events: drain(events, cutoff, chunk),
        decisions: drain(decisions, cutoff, chunk),
        tasks: drain(tasks, cutoff, chunk),
        ops_audits: drain(opsAudits, cutoff, chunk),
        stats_minutes: rollups.run(Math.floor(cutoffMs / 60_000)).changes,
        idempotency_keys: idempotency.run(now).changes,
      };
    },
  };
}
