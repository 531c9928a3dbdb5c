import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PRUNE_ORDER, type PruneCounts, type PruneReads } from '../../ports/audit-store';
import type { Db } from './database';
import { RETENTION_SQL } from './retention-sql';
import { retentionParams } from './retention';

/*
 * Counting a million rows with the deletes' predicates takes seconds, and better-sqlite3 is synchronous: on the
 * engine's thread that would hold up every HTTP request for as long. So a preview counts on a thread of its own with
 * its own read-only connection (WAL: it neither waits for the writer nor holds it up), in one read transaction so
 * every count sees the same snapshot.
 */
const COUNT_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  const read = db.transaction(() => workerData.counts.map(([name, sql]) => [name, db.prepare(sql).pluck().get(workerData.params)]));
  parentPort.postMessage({ counts: Object.fromEntries(read()) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
`;

const COUNTS = PRUNE_ORDER.map((name) => {
  const { table, willGo } = RETENTION_SQL[name];
  return [name, `SELECT COUNT(*) FROM ${table} x WHERE ${willGo}`] as const;
});

function countOnThread(path: string, params: object): Promise<PruneCounts> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(COUNT_THREAD, {
      eval: true,
      workerData: { path, params, counts: COUNTS, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    thread.once('message', (m: { counts?: PruneCounts; error?: string }) => (m.counts ? resolve(m.counts) : reject(new Error(`counting what retention would delete failed: ${m.error}`))));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the counting thread exited (${code}) before it answered`)));
  });
}

/** The preview's counts. An in-memory database (tests) has no file another connection could open: counted here. */
export function sqlitePruneReads(db: Db, path: string): PruneReads {
  const inline = COUNTS.map(([name, sql]) => [name, db.prepare(sql).pluck()] as const);
  return {
    async countPrunable(scope) {
      const params = retentionParams(scope);
      if (path !== ':memory:') return countOnThread(path, params);
      return db.transaction(() => Object.fromEntries(inline.map(([name, count]) => [name, count.get(params) as number])))() as unknown as PruneCounts;
    },
  };
}
