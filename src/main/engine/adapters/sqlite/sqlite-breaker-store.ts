import { admit, applyAction, newBreaker, recordCall, type BreakerRecord } from '../../domain/breaker';
import type { BreakerStep, BreakerStore, BreakerStoreReads, BreakerStoreWrites } from '../../ports/breaker-store';
import type { Db } from './database';

/** The breaker records stay where the KeyValue port kept them: row `breaker:<name>` of `kv`, JSON, versioned. */
const keyOf = (integration: string) => `breaker:${integration}`;

export function sqliteBreakerReads(db: Db): BreakerStoreReads {
  const select = db.prepare('SELECT value FROM kv WHERE key = ?');
  return {
    async get(integration) {
      const row = select.get(keyOf(integration)) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as BreakerRecord) : newBreaker();
    },
  };
}

/**
 * Each step of the state machine in one `BEGIN IMMEDIATE` transaction: the write lock is taken before the read,
 * so a worker on another connection waits (busy_timeout) instead of stepping from the same record.
 */
export function sqliteBreakerWrites(db: Db): BreakerStoreWrites {
  const select = db.prepare('SELECT value FROM kv WHERE key = ?');
  // The version still counts writes, as compare-and-set on the KeyValue port expects of this table.
  const upsert = db.prepare('INSERT INTO kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = kv.version + 1');

  const step = <S extends BreakerStep>(integration: string, apply: (rec: BreakerRecord) => S): S =>
    db
      .transaction(() => {
        const row = select.get(keyOf(integration)) as { value: string } | undefined;
        const rec = row ? (JSON.parse(row.value) as BreakerRecord) : newBreaker();
        const result = apply(rec);
        // The domain returns the same record when a step changes nothing (an admit while closed): no write then.
        if (result.record !== rec) upsert.run(keyOf(integration), JSON.stringify(result.record));
        return result;
      })
      .immediate();

  return {
    async admit(integration, config, now) {
      return step(integration, (rec) => admit(rec, config, now));
    },
    async record(integration, config, call, now) {
      return step(integration, (rec) => recordCall(rec, config, now, call));
    },
    async apply(integration, change, now) {
      return step(integration, (rec) => applyAction(rec, change.action, now, change.reason, change.actor));
    },
  };
}

export function createSqliteBreakerStore(db: Db): BreakerStore {
  return { ...sqliteBreakerReads(db), ...sqliteBreakerWrites(db) };
}
