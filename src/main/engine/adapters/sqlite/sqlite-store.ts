import fs from 'node:fs';
import type { AuditStore } from '../../ports/audit-store';
import type { Db } from './database';
import { sqliteDecisionWrites } from './decision-writes';
import { sqliteDecisionReads } from './decision-reads';
import { sqliteTimelineReads } from './timeline-reads';
import { sqlitePolicyRepository } from './policy-repository';
import { sqliteKeyRepository } from './key-repository';
import { prepareOpsAuditInsert } from './ops-audit-log';
import { startCheckpointer } from './checkpointer';
import { sqliteRetention } from './retention';

/** The embedded AuditStore: one better-sqlite3 connection shared with the embedded queue. */
export function createSqliteStore(db: Db, path: string, options: { checkpoints?: boolean } = {}): AuditStore {
  const insertOpsAudit = prepareOpsAuditInsert(db);
  const ping = db.prepare('SELECT 1').pluck();
  const retention = sqliteRetention(db);
  // One checkpointer per database file: the writer thread's connection leaves it to the main one.
  const checkpointer = path === ':memory:' || options.checkpoints === false ? null : startCheckpointer(db, path);
  if (options.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
  return {
    ...sqliteDecisionWrites(db),
    ...sqliteDecisionReads(db),
    ...sqliteTimelineReads(db),
    ...sqlitePolicyRepository(db),
    ...sqliteKeyRepository(db),
    async appendOpsAudit(entry) {
      insertOpsAudit(entry);
    },
    async pruneOlderThan(cutoff, now, chunk) {
      return retention.prune(cutoff, now, chunk);
    },
    async ping() {
      ping.get();
    },
    async sizeBytes() {
      if (path === ':memory:') return 0;
      const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
      return size(path) + size(`${path}-wal`);
    },
    async close() {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
