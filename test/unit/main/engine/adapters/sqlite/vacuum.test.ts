import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { sqliteVacuum } from '../../../../../../src/main/engine/adapters/sqlite/vacuum';
import { tempDataDir } from '../../../../../fixtures/engine';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function file(): string {
  const dir = tempDataDir('dos-vacuum-');
  dirs.push(dir);
  return path.join(dir, 'decisionos.sqlite');
}

/** Fills ops_audits with big rows and deletes them all: the file keeps their pages as free pages. */
function freeSomePages(db: Database.Database): number {
  const insert = db.prepare(`INSERT INTO ops_audits (audit_id, workspace_id, event_type, actor, target, payload, created_at) VALUES (?, 'system', 'RETENTION_PRUNED', 'a', 't', ?, '2020-01-01 00:00:00.000')`);
  db.transaction(() => {
    for (let i = 0; i < 2_000; i += 1) insert.run(`a${i}`, 'x'.repeat(3_000));
  })();
  db.exec('DELETE FROM ops_audits');
  return db.pragma('freelist_count', { simple: true }) as number;
}

describe('SQLite vacuum after pruning', () => {
  it('creates new databases with auto_vacuum = INCREMENTAL', () => {
    const db = openDatabase(file());
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
  });

  it('gives free pages back in steps of at most the pages asked, until none is left', async () => {
    const db = openDatabase(file());
    const free = freeSomePages(db);
    expect(free).toBeGreaterThan(1_000);
    const vacuum = sqliteVacuum(db);
    const first = await vacuum.vacuumStep(['ops_audits'], 100);
    expect(first).toMatchObject({ freedPages: 100, freePagesLeft: free - 100, done: false, note: null });
    const rest = await vacuum.vacuumStep(['ops_audits'], free);
    expect(rest).toMatchObject({ freedPages: free - 100, freePagesLeft: 0, done: true, note: null });
    db.close();
  });

  it('on an older database without incremental auto_vacuum, frees nothing and says the full VACUUM to run offline', async () => {
    const target = file();
    const old = new Database(target);
    old.exec('CREATE TABLE t (x)'); // a table exists: openDatabase can no longer switch auto_vacuum on
    old.close();
    const db = openDatabase(target);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(0);
    const free = freeSomePages(db);
    const step = await sqliteVacuum(db).vacuumStep(['ops_audits'], 100);
    expect(step).toMatchObject({ freedPages: 0, freePagesLeft: free, done: true });
    expect(step.note).toContain(`${free} free page(s)`);
    expect(step.note).toContain('PRAGMA auto_vacuum = INCREMENTAL; VACUUM;');
    db.close();
  });
});
