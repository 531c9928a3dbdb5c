import type { DecisionReads } from '../../ports/audit-store';
import type { Db } from './database';
import { toSqlTime } from './sql-time';

/**
 * The missing-terminal counts, per workspace (the keys name them, as for the orphan scan): the cohort's oldest
 * submission time is the newest `limit`-th row of idx_decisions_recent, then one count on that index and one on
 * idx_decisions_status (queued and processing). No table row is read, and each range holds at most `limit` rows.
 */
export function sqliteOverdueDecisions(db: Db): Pick<DecisionReads, 'countOverdueDecisions'> {
  const workspaces = db.prepare('SELECT DISTINCT workspace_id FROM api_keys').pluck();
  const cohortStart = db
    .prepare(`
      SELECT created_at FROM decisions INDEXED BY idx_decisions_recent
      WHERE workspace_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at DESC LIMIT 1 OFFSET ?`)
    .pluck();
  const submitted = db
    .prepare('SELECT COUNT(*) FROM decisions INDEXED BY idx_decisions_recent WHERE workspace_id = ? AND created_at >= ? AND created_at < ?')
    .pluck();
  const notTerminal = db
    .prepare(`
      SELECT COUNT(*) FROM decisions INDEXED BY idx_decisions_status
      WHERE workspace_id = ? AND status IN ('queued', 'processing') AND created_at >= ? AND created_at < ?`)
    .pluck();
  return {
    async countOverdueDecisions(from, before, limit) {
      const start = toSqlTime(from);
      const end = toSqlTime(before);
      // One read transaction: the cohort and its open part describe the same moment.
      return db.transaction(() => {
        const counts = { submitted: 0, notTerminal: 0 };
        for (const ws of workspaces.all() as string[]) {
          const cohortFrom = (cohortStart.get(ws, start, end, limit - 1) as string | undefined) ?? start;
          counts.submitted += submitted.get(ws, cohortFrom, end) as number;
          counts.notTerminal += notTerminal.get(ws, cohortFrom, end) as number;
        }
        return counts;
      })();
    },
  };
}
