import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/*
 * Runs in a worker thread with its own connection. PASSIVE checkpoints copy committed WAL pages into the
 * database file without blocking the writer; when the WAL has grown past `truncateBytes` and a checkpoint
 * got everything, TRUNCATE resets the file so it does not keep its peak size.
 */
const CHECKPOINT_LOOP = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 100');
let stopping = false;
parentPort.on('message', () => { stopping = true; });
function walSize() { try { return fs.statSync(workerData.path + '-wal').size; } catch { return 0; } }
function tick() {
  if (stopping) { db.close(); parentPort.postMessage('stopped'); return; }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.busy === 0 && r.log === r.checkpointed && walSize() > workerData.truncateBytes) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) { /* busy: try again next tick */ }
  setTimeout(tick, workerData.intervalMs);
}
tick();
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Takes WAL checkpoints off the engine's thread. Left to SQLite, the connection whose commit crosses
 * `wal_autocheckpoint` runs the checkpoint itself, fsync included, inside a request; measured on the
 * 2-core CI machine that cost about a third of submit throughput.
 */
export function startCheckpointer(db: Db, path: string, intervalMs = 200, truncateBytes = 64 * 1024 * 1024): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_LOOP, {
    eval: true,
    workerData: { path, intervalMs, truncateBytes, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  return {
    async stop() {
      const done = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
        worker.once('error', () => resolve());
      });
      worker.postMessage('stop');
      await done;
      await worker.terminate();
      // Leave a small WAL behind: fold it into the database file now that nothing else writes.
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
