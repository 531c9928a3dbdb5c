import type { AuditStore, StoreReads, StoreWrites } from '../../ports/audit-store';
import type { Db } from './database';
import { sqliteDecisionWrites } from './decision-writes';
import { sqliteDecisionReads } from './decision-reads';
import { sqliteTimelineReads } from './timeline-reads';
import { sqliteAuditExportReads } from './audit-export-reads';
import { sqliteEntityReads } from './entity-reads';
import { sqlitePolicyReads, sqlitePolicyWrites } from './policy-repository';
import { sqliteKeyReads, sqliteKeyWrites } from './key-repository';
import { prepareOpsAuditInsert } from './ops-audit-log';
import { startCheckpointer } from './checkpointer';
import { sqliteRetention } from './retention';
import { sqlitePruneReads } from './prune-counts';
import { sqliteVacuum } from './vacuum';
import { sqliteStoreHealth } from './store-health';

/** The embedded AuditStore over one connection, with its lifecycle. */
export interface SqliteStore extends AuditStore {
  /** Stops the checkpointer and closes the connection. */
  close(): Promise<void>;
}

export function sqliteStoreReads(db: Db, path: string): StoreReads {
  return {
    ...sqliteDecisionReads(db),
    ...sqliteEntityReads(db),
    ...sqliteTimelineReads(db),
    ...sqliteAuditExportReads(db),
    ...sqlitePolicyReads(db),
    ...sqliteKeyReads(db),
    ...sqliteStoreHealth(db, path),
    ...sqlitePruneReads(db, path),
  };
}

export function sqliteStoreWrites(db: Db): StoreWrites {
  const insertOpsAudit = prepareOpsAuditInsert(db);
  return {
    ...sqliteDecisionWrites(db),
    ...sqlitePolicyWrites(db),
    ...sqliteKeyWrites(db),
    async appendOpsAudit(entry) {
      insertOpsAudit(entry);
    },
    ...sqliteRetention(db),
    ...sqliteVacuum(db),
  };
}

/** The whole store on one better-sqlite3 connection (shared with the embedded queue). */
export function createSqliteStore(db: Db, path: string, options: { checkpoints?: boolean } = {}): SqliteStore {
  // One checkpointer per database file: the writer thread's connection leaves it to the main one.
  const checkpointer = path === ':memory:' || options.checkpoints === false ? null : startCheckpointer(db, path);
  if (options.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
  return {
    ...sqliteStoreReads(db, path),
    ...sqliteStoreWrites(db),
    async close() {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
