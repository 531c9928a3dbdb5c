import type { Db } from './database';
import { PRUNE_ORDER, type PruneCounts, type PruneReads, type PruneScope, type PruneTable, type StoreMaintenance } from '../../ports/audit-store';
import { RETENTION_SQL } from './retention-sql';
import { toSqlTime } from './sql-time';
import { nextBatchSize, type BatchSizing } from '../../domain/batch-sizing';
import type { Statement } from 'better-sqlite3';

const params = (scope: PruneScope) => ({ cutoff: toSqlTime(scope.cutoff), cutoff_minute: Math.floor(scope.cutoff / 60_000), now: scope.now });

/**
 * One batch per call and one IMMEDIATE transaction per batch: the caller sizes the batches by how long the last
 * one held the write lock, and the writer thread serves submissions between two calls. Order follows the foreign
 * keys (see PRUNE_ORDER); the entity rows go with their decisions (a trigger).
 */
export function sqliteRetention(db: Db): Pick<StoreMaintenance, 'pruneBatch'> {
  const deletes = Object.fromEntries(
    PRUNE_ORDER.map((name) => {
      const { table, key, where } = RETENTION_SQL[name];
      const columns = key.replace(/^\(|\)$/g, '');
      return [name, db.prepare(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${columns} FROM ${table} x WHERE ${where} LIMIT @limit)`)];
    }),
  ) as Record<PruneTable, ReturnType<Db['prepare']>>;

  return {
    async pruneBatch(table, scope, limit) {
      const statement = deletes[table];
      const started = performance.now();
      const deleted = db.transaction(() => statement.run({ ...params(scope), limit }).changes).immediate();
      return { deleted, ms: performance.now() - started };
    },
  };
}

/** Counting runs on the engine's own thread: each range is sized to take about this long, then HTTP gets its turn. */
const COUNT_SIZING: BatchSizing = { targetMs: 10, start: 2_000, min: 100, max: 10_000_000, growth: 4 };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The preview's counts, on a reading connection (WAL: it does not wait for the writer, nor hold it up). Counting a
 * million rows with the deletes' predicates takes seconds, and better-sqlite3 is synchronous: the rowid tables are
 * counted a rowid range at a time (NOT INDEXED, so each range is a rowid range scan) with the event loop served in
 * between, so submissions are not held up behind a preview.
 */
export function sqlitePruneReads(db: Db): PruneReads {
  const counts = PRUNE_ORDER.map((name) => {
    const { table, willGo, rowid } = RETENTION_SQL[name];
    const whole = db.prepare(`SELECT COUNT(*) FROM ${table} x WHERE ${willGo}`).pluck();
    const ranged = rowid ? db.prepare(`SELECT COUNT(*) FROM ${table} AS x NOT INDEXED WHERE x.rowid > @after AND x.rowid <= @upto AND ${willGo}`).pluck() : null;
    const span = rowid ? db.prepare(`SELECT MIN(rowid), MAX(rowid) FROM ${table}`).raw() : null;
    return { name, whole, ranged, span };
  });

  const countInRanges = async (ranged: Statement, [first, last]: [number, number], bound: object): Promise<number> => {
    let n = 0;
    let span = COUNT_SIZING.start;
    for (let after = first - 1; after < last; ) {
      const upto = after + span;
      const started = performance.now();
      n += ranged.get({ ...bound, after, upto }) as number;
      span = nextBatchSize(COUNT_SIZING, span, performance.now() - started);
      after = upto;
      await turn();
    }
    return n;
  };

  return {
    async countPrunable(scope) {
      const bound = params(scope);
      const result: Partial<PruneCounts> = {};
      for (const { name, whole, ranged, span } of counts) {
        const rowids = span?.get() as [number | null, number | null] | undefined;
        result[name] = ranged && rowids?.[0] != null && rowids[1] != null
          ? await countInRanges(ranged, [rowids[0], rowids[1]], bound)
          : rowids ? 0 : (whole.get(bound) as number);
      }
      return result as PruneCounts;
    },
  };
}
