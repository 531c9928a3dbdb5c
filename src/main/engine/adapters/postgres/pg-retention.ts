import { PRUNE_ORDER, type PruneCounts, type PruneReads, type PruneScope, type PruneTable, type StoreMaintenance } from '../../ports/audit-store';
import { inTransaction, type PgPool } from './pg-pool';

const OPEN = (decisionId: string) => `EXISTS (SELECT 1 FROM decisions o WHERE o.decision_id = ${decisionId} AND o.status IN ('queued', 'processing'))`;
const trail = (x: string) => `${x}.created_at < $1::timestamptz AND (${x}.decision_id IS NULL OR NOT ${OPEN(`${x}.decision_id`)})`;
const decision = (x: string) =>
  `${x}.created_at < $1::timestamptz AND ${x}.status NOT IN ('queued', 'processing') AND NOT EXISTS (SELECT 1 FROM supervisor_inbox i WHERE i.decision_id = ${x}.decision_id)`;
const taskRows = (t: string, table: string, alias: string, keep: (x: string) => string) =>
  `NOT EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.workspace_id = ${t}.workspace_id AND ${alias}.task_id = ${t}.task_id${keep(alias)})`;
const emptyTask = (t: string, keep: { decisions: (x: string) => string; trail: (x: string) => string }) =>
  `${t}.updated_at < $1::timestamptz AND ${taskRows(t, 'decisions', 'd', keep.decisions)} AND ${taskRows(t, 'task_audits', 'a', keep.trail)} AND ${taskRows(t, 'task_events', 'e', keep.trail)}`;

interface TableSql {
  table: string;
  /** The rows a delete removes now; `$1` is the table's bound (see `bound`). */
  where: string;
  /** The rows a whole prune removes (tasks: those left with nothing once the rest is gone). */
  willGo: string;
  bound(scope: PruneScope): string | number;
}

const before = (scope: PruneScope) => new Date(scope.cutoff).toISOString();
const same = (table: string, where: string, bound: TableSql['bound'] = before): TableSql => ({ table, where, willGo: where, bound });

/** As SQLite's retention-sql.ts: one predicate per table, shared by the deletes and the preview's counts. */
const SQL: Record<PruneTable, TableSql> = {
  task_audits: same('task_audits', trail('x')),
  task_events: same('task_events', trail('x')),
  decisions: same('decisions', decision('x')),
  tasks: {
    table: 'tasks',
    where: emptyTask('x', { decisions: () => '', trail: () => '' }),
    willGo: emptyTask('x', { decisions: (d) => ` AND NOT (${decision(d)})`, trail: (a) => ` AND NOT (${trail(a)})` }),
    bound: before,
  },
  ops_audits: same('ops_audits', 'x.created_at < $1::timestamptz'),
  stats_minutes: same('decision_stats_minute', 'x.minute < $1::bigint', (s) => Math.floor(s.cutoff / 60_000)),
  idempotency_keys: same('idempotency_keys', 'x.expires_at < $1::bigint', (s) => s.now),
};

/** The tables a pruned table's rows live in (the entity rows cascade with their decisions). */
const VACUUMED: Record<PruneTable, string[]> = {
  task_audits: ['task_audits'],
  task_events: ['task_events'],
  decisions: ['decisions', 'decision_entities'],
  tasks: ['tasks'],
  ops_audits: ['ops_audits'],
  stats_minutes: ['decision_stats_minute'],
  idempotency_keys: ['idempotency_keys'],
};

/**
 * Deletes what is older than the retention cutoff, one batch per call, with the same order and predicates as
 * SQLite's retention. Rows are picked by ctid, not by key: if a row changes between the pick and the delete (a dead
 * decision requeued), its new version has another ctid and is kept, where a key would delete it on conditions that
 * no longer hold. Each batch is one statement, so its own short transaction. There is no kv table to prune here
 * (shared state lives on Redis).
 */
export function pgRetention(pool: PgPool): StoreMaintenance & PruneReads {
  return {
    async countPrunable(scope) {
      // One connection, one REPEATABLE READ snapshot: every count sees the same rows, and a preview takes one
      // connection of the pool, not seven, from the submissions.
      return inTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const counts: Partial<PruneCounts> = {};
        for (const name of PRUNE_ORDER) {
          const { table, willGo, bound } = SQL[name];
          const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} x WHERE ${willGo}`, [bound(scope)]);
          counts[name] = rows[0]?.n ?? 0;
        }
        return counts as PruneCounts;
      });
    },

    async pruneBatch(name, scope, limit) {
      const { table, where, bound } = SQL[name];
      // = ANY (ARRAY(...)) is a TID scan of exactly the picked rows; ctid IN (SELECT ...) would plan a join.
      const sql = `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT x.ctid FROM ${table} x WHERE ${where} LIMIT $2))`;
      const started = performance.now();
      const { rowCount } = await pool.query(sql, [bound(scope), limit]);
      return { deleted: rowCount ?? 0, ms: performance.now() - started };
    },

    async vacuumStep(tables) {
      const started = performance.now();
      const names = [...new Set(tables.flatMap((t) => VACUUMED[t]))];
      // Plain VACUUM marks the dead rows' space reusable and ANALYZE refreshes the planner's counts; neither blocks
      // reads or writes (FULL would rewrite the tables under an exclusive lock). VACUUM cannot run in a transaction.
      if (names.length > 0) await pool.query(`VACUUM (ANALYZE) ${names.join(', ')}`);
      return { freedPages: null, freePagesLeft: null, ms: performance.now() - started, done: true, note: null };
    },
  };
}
