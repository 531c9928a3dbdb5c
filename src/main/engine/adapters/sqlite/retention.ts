import type { Db } from './database';
import { PRUNE_ORDER, type PruneScope, type PruneTable, type StoreMaintenance } from '../../ports/audit-store';
import { RETENTION_SQL } from './retention-sql';
import { toSqlTime } from './sql-time';

/** The named parameters of RETENTION_SQL's predicates. */
export const retentionParams = (scope: PruneScope) => ({ cutoff: toSqlTime(scope.cutoff), cutoff_minute: Math.floor(scope.cutoff / 60_000), now: scope.now });

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
      const deleted = db.transaction(() => statement.run({ ...retentionParams(scope), limit }).changes).immediate();
      return { deleted, ms: performance.now() - started };
    },
  };
}
