import type { PruneCounts, StoreMaintenance } from '../../ports/audit-store';
import type { PgPool } from './pg-pool';

const OPEN_DECISION = `SELECT 1 FROM decisions d WHERE d.decision_id = x.decision_id AND d.status IN ('queued', 'processing')`;

/**
 * One chunk per table: `$1` is the cutoff, `$2` the chunk size. Rows are picked by ctid, not by key: if a row
 * changes between the pick and the delete (a dead decision requeued), its new version has another ctid and is
 * kept, where a key would delete it on conditions that no longer hold.
 */
const CHUNKS = {
  task_audits: `
    SELECT ctid FROM task_audits x
    WHERE created_at < $1::timestamptz AND (decision_id IS NULL OR NOT EXISTS (${OPEN_DECISION}))`,
  task_events: `
    SELECT ctid FROM task_events x
    WHERE created_at < $1::timestamptz AND (decision_id IS NULL OR NOT EXISTS (${OPEN_DECISION}))`,
  decisions: `
    SELECT ctid FROM decisions x
    WHERE created_at < $1::timestamptz AND status NOT IN ('queued', 'processing')
      AND NOT EXISTS (SELECT 1 FROM supervisor_inbox i WHERE i.decision_id = x.decision_id)`,
  tasks: `
    SELECT ctid FROM tasks t
    WHERE t.updated_at < $1::timestamptz
      AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.workspace_id = t.workspace_id AND d.task_id = t.task_id)
      AND NOT EXISTS (SELECT 1 FROM task_audits a WHERE a.task_id = t.task_id AND a.workspace_id = t.workspace_id)
      AND NOT EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.task_id AND e.workspace_id = t.workspace_id)`,
  ops_audits: `SELECT ctid FROM ops_audits WHERE created_at < $1::timestamptz`,
  decision_stats_minute: `SELECT ctid FROM decision_stats_minute WHERE minute < $1::bigint`,
  idempotency_keys: `SELECT ctid FROM idempotency_keys WHERE expires_at < $1::bigint`,
} as const;

/**
 * Deletes what is older than the retention cutoff, as SQLite's retention does, with the same order (audits and
 * events, then terminal decisions, whose entity rows cascade, then tasks with nothing left) and the same counts.
 * Each chunk is its own statement, so its own short transaction: no lock is held across chunks. There is no kv
 * table to prune here (shared state lives on Redis).
 */
export function pgRetention(pool: PgPool): StoreMaintenance {
  const drain = async (table: keyof typeof CHUNKS, bound: string | number, chunk: number): Promise<number> => {
    // = ANY (ARRAY(...)) is a TID scan of exactly the picked rows; ctid IN (SELECT ...) would plan a join.
    const sql = `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(${CHUNKS[table]} LIMIT $2))`;
    let total = 0;
    for (;;) {
      const { rowCount } = await pool.query(sql, [bound, chunk]);
      const n = rowCount ?? 0;
      total += n;
      if (n < chunk) return total;
    }
  };

  return {
    async pruneOlderThan(cutoffMs, now, chunk): Promise<PruneCounts> {
      const cutoff = new Date(cutoffMs).toISOString();
      return {
        task_audits: await drain('task_audits', cutoff, chunk),
        task_events: await drain('task_events', cutoff, chunk),
        decisions: await drain('decisions', cutoff, chunk),
        tasks: await drain('tasks', cutoff, chunk),
        ops_audits: await drain('ops_audits', cutoff, chunk),
        stats_minutes: await drain('decision_stats_minute', Math.floor(cutoffMs / 60_000), chunk),
        idempotency_keys: await drain('idempotency_keys', now, chunk),
      };
    },
  };
}
