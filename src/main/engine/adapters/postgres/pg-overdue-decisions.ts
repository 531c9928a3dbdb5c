import type { DecisionReads } from '../../ports/audit-store';
import type { PgPool } from './pg-pool';
import { fromMs } from './pg-time';

/**
 * The missing-terminal counts in one statement, per workspace the keys name (as the orphan scan): the cohort starts
 * at the newest `limit`-th submission of idx_decisions_recent, then one count on that index and one on
 * idx_decisions_status (queued and processing); each range holds at most `limit` rows (SQLite's overdue-decisions).
 */
export function pgOverdueDecisions(pool: PgPool): Pick<DecisionReads, 'countOverdueDecisions'> {
  return {
    async countOverdueDecisions(from, before, limit) {
      const { rows } = await pool.query<{ submitted: number | null; not_terminal: number | null }>(
        `SELECT sum(s.n)::int8 AS submitted, sum(o.n)::int8 AS not_terminal
         FROM (SELECT DISTINCT workspace_id FROM api_keys) w
         CROSS JOIN LATERAL (
           SELECT coalesce((
             SELECT d.created_at FROM decisions d
             WHERE d.workspace_id = w.workspace_id AND d.created_at >= ${fromMs('$1')} AND d.created_at < ${fromMs('$2')}
             ORDER BY d.created_at DESC LIMIT 1 OFFSET $3 - 1), ${fromMs('$1')}) AS start) c
         CROSS JOIN LATERAL (
           SELECT count(*) AS n FROM decisions d
           WHERE d.workspace_id = w.workspace_id AND d.created_at >= c.start AND d.created_at < ${fromMs('$2')}) s
         CROSS JOIN LATERAL (
           SELECT count(*) AS n FROM decisions d
           WHERE d.workspace_id = w.workspace_id AND d.status IN ('queued', 'processing') AND d.created_at >= c.start AND d.created_at < ${fromMs('$2')}) o`,
        [from, before, limit],
      );
      const r = rows[0];
      return { submitted: r?.submitted ?? 0, notTerminal: r?.not_terminal ?? 0 };
    },
  };
}
