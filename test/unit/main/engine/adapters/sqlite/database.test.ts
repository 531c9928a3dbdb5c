import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SchemaTooNewError, type Db } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../../../src/main/engine/adapters/sqlite/migrations';

/** The indexes the runbook's "Performance Tuning / Required Indexes" section lists, by table. */
const REQUIRED_INDEXES: Record<string, string[]> = {
  task_audits: ['idx_task_audits_task_id', 'idx_task_audits_decision_id', 'idx_task_audits_created_at', 'idx_task_audits_event_type'],
  task_events: ['idx_task_events_task_id', 'idx_task_events_created_at'],
  supervisor_inbox: ['idx_supervisor_inbox_task_id', 'idx_supervisor_inbox_status'],
};

const dirs: string[] = [];
const open: Db[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-db-test-'));
  dirs.push(dir);
  return dir;
}

function track(db: Db): Db {
  open.push(db);
  return db;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('applies every migration to a new file and records SCHEMA_VERSION in user_version', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const db = track(openDatabase(file));
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    expect(tables).toEqual(expect.arrayContaining(['tasks', 'decisions', 'task_audits', 'task_events', 'supervisor_inbox']));
  });

  it('puts a file database in WAL mode with foreign keys enforced', () => {
    const file = path.join(tempDir(), 'wal.sqlite');
    const db = track(openDatabase(file));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Enforced, not just reported: an audit of a task that does not exist is refused.
    expect(() =>
      db.prepare(`INSERT INTO task_audits (audit_id, task_id, event_type) VALUES ('aud-orphan', 'no-such-task', 'RECEIVED')`).run(),
    ).toThrow(/FOREIGN KEY/);
    // WAL is persistent: another connection sees it in the file itself.
    const other = track(new Database(file, { readonly: true }));
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('creates every index the runbook requires', () => {
    const db = track(openDatabase(':memory:'));
    for (const [table, names] of Object.entries(REQUIRED_INDEXES)) {
      const found = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`)
        .pluck()
        .all(table) as string[];
      expect(found, `indexes on ${table}`).toEqual(expect.arrayContaining(names));
    }
  });

  it('indexes the runbook requires are on the columns it names', () => {
    const db = track(openDatabase(':memory:'));
    const columns = (index: string) => (db.pragma(`index_info(${index})`) as { name: string }[]).map((c) => c.name);
    expect(columns('idx_task_audits_task_id')).toEqual(['task_id']);
    expect(columns('idx_task_audits_decision_id')).toEqual(['decision_id']);
    expect(columns('idx_task_audits_created_at')).toEqual(['created_at']);
    expect(columns('idx_task_audits_event_type')).toEqual(['event_type']);
    expect(columns('idx_task_events_task_id')).toEqual(['task_id']);
    expect(columns('idx_task_events_created_at')).toEqual(['created_at']);
    expect(columns('idx_supervisor_inbox_task_id')).toEqual(['task_id']);
    expect(columns('idx_supervisor_inbox_status')).toEqual(['status']);
  });

  it('refuses a file written by a newer schema with SchemaTooNewError naming both versions, leaving the file unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.sqlite');
    const writer = new Database(file);
    writer.exec(`CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (42);`);
    writer.pragma('user_version = 999');
    writer.close();
    const before = sha256(file);
    const listingBefore = fs.readdirSync(dir).sort();

    let caught: unknown;
    try {
      track(openDatabase(file));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    const message = (caught as Error).message;
    expect(message).toContain('schema 999');
    expect(message).toContain(`up to ${SCHEMA_VERSION}`);
    expect(message).toContain(file);
    expect((caught as Error).name).toBe('SchemaTooNewError');

    expect(sha256(file)).toBe(before);
    // No -wal / -shm / -journal left behind either.
    expect(fs.readdirSync(dir).sort()).toEqual(listingBefore);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(999);
      expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      check.close();
    }
  });

  it('reopening an up-to-date database keeps its data and does not run migrations again', () => {
    const file = path.join(tempDir(), 'reopen.sqlite');
    const first = openDatabase(file);
    first
      .prepare(`INSERT INTO tasks (task_id, decision_type, status, created_at, updated_at) VALUES (?, ?, 'RUNNING', ?, ?)`)
      .run('task-survives', 'payment_fraud_check', '2024-01-01 00:00:00.000', '2024-01-01 00:00:00.000');
    first.prepare(`INSERT INTO engine_state (key, value) VALUES ('marker', 'kept')`).run();
    first.close();

    // Re-running migration 1 would fail on CREATE TABLE; opening must succeed and find the rows.
    const second = track(openDatabase(file));
    expect(second.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(second.prepare(`SELECT status FROM tasks WHERE task_id = 'task-survives'`).pluck().get()).toBe('RUNNING');
    expect(second.prepare(`SELECT value FROM engine_state WHERE key = 'marker'`).pluck().get()).toBe('kept');
  });

  it('brings a file at user_version 0 (created by plain SQLite) up to SCHEMA_VERSION without losing its tables', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const writer = new Database(file);
    writer.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');`);
    writer.close();
    const db = track(openDatabase(file));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT body FROM notes').pluck().get()).toBe('hello');
  });
});

describe('openDatabase: the backup before a migration', () => {
  /** A file as an older build left it: the first `version` migrations applied, one task written. */
  function olderDatabase(version: number): string {
    const file = path.join(tempDir(), 'decisionos.sqlite');
    const older = new Database(file);
    for (const sql of MIGRATIONS.slice(0, version)) older.exec(sql);
    older.pragma(`user_version = ${version}`);
    older.prepare(`INSERT INTO tasks (task_id, decision_type, status, created_at, updated_at) VALUES ('t-old', 'payment_fraud_check', 'RUNNING', 'x', 'x')`).run();
    older.close();
    return file;
  }

  it('copies an existing database into backups/ as it was, verified and tagged with its schema, before migrating it', () => {
    const file = olderDatabase(SCHEMA_VERSION - 1);
    const before = sha256(file);
    track(openDatabase(file));
    const backups = fs.readdirSync(path.join(path.dirname(file), 'backups'));
    expect(backups).toEqual([expect.stringMatching(new RegExp(`^decisionos-.+Z-before-v${SCHEMA_VERSION - 1}\\.sqlite$`))]);
    const copy = track(new Database(path.join(path.dirname(file), 'backups', backups[0] as string), { readonly: true }));
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare(`SELECT task_id FROM tasks`).pluck().all()).toEqual(['t-old']);
    expect(before).not.toBe(sha256(file)); // the live file was migrated after the copy
  });

  it('takes no backup of a new file nor of one already at this schema', () => {
    const file = path.join(tempDir(), 'decisionos.sqlite');
    openDatabase(file).close();
    track(openDatabase(file));
    expect(fs.existsSync(path.join(path.dirname(file), 'backups'))).toBe(false);
  });

  it('does not migrate when the backup cannot be written', () => {
    const file = olderDatabase(SCHEMA_VERSION - 1);
    fs.writeFileSync(path.join(path.dirname(file), 'backups'), 'a file where the backup dir should be');
    expect(() => openDatabase(file)).toThrow(/needs a schema migration .* the backup taken first failed, so nothing was migrated/);
    const still = track(new Database(file, { readonly: true }));
    expect(still.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1);
  });
});

describe('migration 3: the system scope', () => {
  it('grants system to the existing local admin key only, once', async () => {
    const { MIGRATIONS } = await import('../../../../../../src/main/engine/adapters/sqlite/migrations');
    const file = path.join(tempDir(), 'v2.sqlite');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0] as string);
    raw.exec(MIGRATIONS[1] as string);
    raw.pragma('user_version = 2');
    const insert = raw.prepare("INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, '2025-01-01 00:00:00.000')");
    insert.run('k1', 'default', 'local-admin', 'h1', '["admin"]');
    insert.run('k2', 'default', 'ci', 'h2', '["admin"]');
    insert.run('k3', 'tenant-b', 'local-admin', 'h3', '["admin"]');
    raw.close();
    const db = track(openDatabase(file));
    const scopes = Object.fromEntries((db.prepare('SELECT key_id, scopes FROM api_keys').all() as { key_id: string; scopes: string }[]).map((r) => [r.key_id, JSON.parse(r.scopes)]));
    expect(scopes).toEqual({ k1: ['admin', 'system'], k2: ['admin'], k3: ['admin'] });
  });
});
