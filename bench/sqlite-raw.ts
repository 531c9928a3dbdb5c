import path from 'node:path';
import Database from 'better-sqlite3';
import { type BenchRow, int, scratchDir } from './lib';

/** The ceiling: what SQLite itself does on this disk with the engine's pragmas, no engine code involved. */
export async function benchSqliteRaw(): Promise<BenchRow[]> {
  const db = new Database(path.join(scratchDir('raw'), 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const value = 'x'.repeat(300);

  const single = db.transaction((i: number) => insert.run(`k${i}`, value));
  let t0 = performance.now();
  const n1 = 30_000;
  for (let i = 0; i < n1; i += 1) single(i);
  const singlePerS = n1 / ((performance.now() - t0) / 1000);

  const batch = db.transaction((from: number) => {
    for (let i = from; i < from + 1000; i += 1) insert.run(`k${i}`, value);
  });
  t0 = performance.now();
  const n2 = 300_000;
  for (let i = 0; i < n2; i += 1000) batch(i);
  const batchedPerS = n2 / ((performance.now() - t0) / 1000);
  db.close();
  return [
    { name: 'SQLite raw: single-row transactions', result: `${int(singlePerS)} tx/s`, target: 'reference', met: null, note: '300-byte rows, WAL, synchronous=NORMAL' },
    { name: 'SQLite raw: batched inserts (1,000 per tx)', result: `${int(batchedPerS)} rows/s`, target: 'reference', met: null, note: 'same table, no secondary index' },
  ];
}
