import fs from 'node:fs';
import type { StoreHealth } from '../../ports/audit-store';
import type { Db } from './database';
import { TRACE_SQL } from './decision-reads';

/** `quick_check` stops listing after this many problems: enough to say the file is damaged and where. */
const MAX_PROBLEMS = 20;

/** Reachability, size, free pages, integrity, indexes and the trace query's plan of the embedded file. */
export function sqliteStoreHealth(db: Db, path: string): StoreHealth {
  const ping = db.prepare('SELECT 1').pluck();
  return {
    async ping() {
      ping.get();
    },
    async sizeBytes() {
      if (path === ':memory:') return 0;
      const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
      return size(path) + size(`${path}-wal`);
    },
    async freeBytes() {
      const pages = db.pragma('freelist_count', { simple: true }) as number;
      return pages * (db.pragma('page_size', { simple: true }) as number);
    },
    async integrityCheck() {
      const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`, { simple: false }) as { quick_check: string }[];
      const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
      return {
        checked: true,
        ok: problems.length === 0,
        problems: problems.length,
        detail: problems.length === 0 ? 'PRAGMA quick_check: ok' : `PRAGMA quick_check: ${problems.join('; ')}`,
      };
    },
    async indexNames() {
      return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name").pluck().all() as string[];
    },
    async tracePlan() {
      // Throws "no such index" when the index the query names (INDEXED BY) is gone: the trace then fails too.
      const steps = db.prepare(`EXPLAIN QUERY PLAN ${TRACE_SQL}`).all('task', 0, 'workspace', 200) as { detail: string }[];
      const plan = steps.map((s) => s.detail).join('\n');
      const index = /task_audits USING (?:COVERING )?INDEX (\S+)/.exec(plan)?.[1] ?? null;
      return { index, plan };
    },
  };
}
