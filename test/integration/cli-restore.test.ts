import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { vacuumInto } from '../../src/main/engine/adapters/sqlite/sqlite-backup';
import { lockDataDir } from '../../src/main/engine/adapters/data-dir-lock';
import { backupFileName } from '../../src/main/engine/domain/backup-files';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function restore(args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|DECISIONOS_)/.test(k)));
  return spawnSync(process.execPath, [BIN, 'restore', ...args], { env: clean, encoding: 'utf8', timeout: 20_000 });
}

const addTask = (db: Database.Database, id: string) =>
  db.prepare(`INSERT INTO tasks (task_id, decision_type, status, created_at, updated_at) VALUES (?, 'payment_fraud_check', 'RUNNING', 'x', 'x')`).run(id);
const tasks = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT task_id FROM tasks ORDER BY task_id').pluck().all();
  } finally {
    db.close();
  }
};

/**
 * A data dir whose backup holds t1 and whose database holds t1 and t2, t2 only in the WAL: written by a process killed
 * before any checkpoint, as a crashed engine leaves it.
 */
function dataDirWithBackup(): { dir: string; name: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-cli-restore-'));
  dirs.push(dir);
  const file = path.join(dir, 'decisionos.sqlite');
  const db = openDatabase(file);
  addTask(db, 't1');
  fs.mkdirSync(path.join(dir, 'backups'));
  const name = backupFileName(Date.now(), 'sqlite');
  vacuumInto(db, path.join(dir, 'backups', name));
  db.close();
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const crash = `const D = require(${JSON.stringify(driver)}); const db = new D(${JSON.stringify(file)}); db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO tasks (task_id, decision_type, status, created_at, updated_at) VALUES ('t2', 'payment_fraud_check', 'RUNNING', 'x', 'x')").run();
    process.kill(process.pid, 'SIGKILL');`;
  spawnSync(process.execPath, ['-e', crash]);
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  return { dir, name };
}

describe('decisionos restore FILE (engine stopped)', () => {
  it('puts the backup in place and keeps the replaced database with its WAL, under decisionos.sqlite.replaced-<time>', () => {
    const { dir, name } = dataDirWithBackup();
    const r = restore([name, '--data-dir', dir]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(tasks(path.join(dir, 'decisionos.sqlite'))).toEqual(['t1']);
    const replaced = fs.readdirSync(dir).find((f) => /^decisionos\.sqlite\.replaced-[0-9T.Z-]+$/.test(f)) as string;
    expect(r.stdout).toContain(`the database it replaced is ${path.join(dir, replaced)}`);
    expect(tasks(path.join(dir, replaced))).toEqual(['t1', 't2']);
    expect(fs.statSync(path.join(dir, 'decisionos.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('refuses while an engine holds the data dir, changing nothing', () => {
    const { dir, name } = dataDirWithBackup();
    const release = lockDataDir(dir);
    try {
      const r = restore([name, '--data-dir', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/another DecisionOS engine \(pid \d+\) is using/);
    } finally {
      release();
    }
    expect(tasks(path.join(dir, 'decisionos.sqlite'))).toEqual(['t1', 't2']);
  });

  it('refuses a damaged backup and a file that is not there, changing nothing', () => {
    const { dir, name } = dataDirWithBackup();
    const file = path.join(dir, 'backups', name);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 4096, 8192); // page 2 overwritten
    fs.writeFileSync(file, bytes);
    const damaged = restore([name, '--data-dir', dir]);
    expect(damaged.status).toBe(1);
    expect(damaged.stderr).toMatch(/failed its check, nothing was changed/);
    const missing = restore(['no-such-file.sqlite', '--data-dir', dir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/is neither a backup in .* nor a file/);
    expect(tasks(path.join(dir, 'decisionos.sqlite'))).toEqual(['t1', 't2']);
  });
});
