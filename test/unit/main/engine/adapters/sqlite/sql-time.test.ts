import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { toSqlTime, toSqlTimeOrNull } from '../../../../../../src/main/engine/adapters/sqlite/sql-time';
import { sqlTimeToIso, sqlTimeToIsoOrNull, sqlTimeToMs } from '../../../../../../src/main/engine/adapters/store-rows/stored-time';

let db: Database.Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function sqlite(): Database.Database {
  db = new Database(':memory:');
  return db;
}

describe('toSqlTime / sqlTimeToIso', () => {
  it('leaves no stale state behind a value Date cannot hold: the same value throws again, and the next good one formats', () => {
    expect(toSqlTime(1_700_000_000_000)).toBe('2023-11-14 22:13:20.000');
    expect(() => toSqlTime(1e308)).toThrow(RangeError);
    // The cache once remembered 1e308 before formatting it, so this answered the previous instant's text.
    expect(() => toSqlTime(1e308)).toThrow(RangeError);
    expect(toSqlTime(1_700_000_000_001)).toBe('2023-11-14 22:13:20.001');
  });

  it("formats epoch ms the way SQLite's datetime() does: 'YYYY-MM-DD HH:MM:SS.SSS' in UTC", () => {
    expect(toSqlTime(Date.UTC(2024, 1, 29, 23, 59, 58, 7))).toBe('2024-02-29 23:59:58.007');
    expect(toSqlTime(0)).toBe('1970-01-01 00:00:00.000');
  });

  it('round-trips: sqlTimeToIso(toSqlTime(ms)) is the ISO string of ms and sqlTimeToMs gives ms back', () => {
    for (const ms of [0, 1, 999, 1_700_000_000_123, Date.UTC(2038, 0, 19, 3, 14, 8, 500), Date.now()]) {
      const text = toSqlTime(ms);
      expect(sqlTimeToIso(text)).toBe(new Date(ms).toISOString());
      expect(sqlTimeToMs(text)).toBe(ms);
    }
  });

  it('returns the right text when called again with an earlier value (the one-entry memo does not go stale)', () => {
    const a = Date.UTC(2024, 0, 1, 0, 0, 0, 1);
    const b = Date.UTC(2025, 5, 6, 7, 8, 9, 10);
    expect(toSqlTime(a)).toBe('2024-01-01 00:00:00.001');
    expect(toSqlTime(b)).toBe('2025-06-06 07:08:09.010');
    expect(toSqlTime(a)).toBe('2024-01-01 00:00:00.001');
    expect(toSqlTime(a)).toBe('2024-01-01 00:00:00.001');
  });

  it("accepts SQLite's datetime('now') output, which has no fraction", () => {
    const fromSqlite = sqlite().prepare(`SELECT datetime('now')`).pluck().get() as string;
    expect(fromSqlite).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const iso = sqlTimeToIso(fromSqlite);
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(Math.abs(Date.parse(iso) - Date.now())).toBeLessThan(5_000);
    expect(sqlTimeToIso('2024-03-04 05:06:07')).toBe('2024-03-04T05:06:07.000Z');
    expect(sqlTimeToMs('2024-03-04 05:06:07')).toBe(Date.UTC(2024, 2, 4, 5, 6, 7));
  });

  it('leaves a value that is already ISO 8601 as it is', () => {
    expect(sqlTimeToIso('2024-03-04T05:06:07.089Z')).toBe('2024-03-04T05:06:07.089Z');
  });

  it('maps null to null in the OrNull variants and formats values otherwise', () => {
    expect(toSqlTimeOrNull(null)).toBeNull();
    expect(sqlTimeToIsoOrNull(null)).toBeNull();
    expect(toSqlTimeOrNull(Date.UTC(2024, 0, 2))).toBe('2024-01-02 00:00:00.000');
    expect(sqlTimeToIsoOrNull('2024-01-02 00:00:00.000')).toBe('2024-01-02T00:00:00.000Z');
  });
});

describe('stored times compared in SQLite against datetime() strings', () => {
  it("sorts against datetime('now', '-1 hour') by actual time, evaluated in SQLite itself", () => {
    const conn = sqlite();
    const now = Date.now();
    const cmp = conn.prepare(`SELECT ? >= datetime('now', '-1 hour')`).pluck();
    expect(cmp.get(toSqlTime(now))).toBe(1);
    expect(cmp.get(toSqlTime(now - 30 * 60_000))).toBe(1);
    expect(cmp.get(toSqlTime(now - 59 * 60_000))).toBe(1);
    expect(cmp.get(toSqlTime(now - 61 * 60_000))).toBe(0);
    expect(cmp.get(toSqlTime(now - 24 * 3_600_000))).toBe(0);
  });

  it('orders a time with a fraction after the whole second datetime() writes for that second', () => {
    const conn = sqlite();
    const cutoff = conn.prepare(`SELECT datetime('now', '-1 hour')`).pluck().get() as string;
    const cutoffMs = sqlTimeToMs(cutoff);
    const rows = conn
      .prepare(`SELECT ? >= ? AS at_or_after, ? >= ? AS before_is_after`)
      .get(toSqlTime(cutoffMs + 500), cutoff, toSqlTime(cutoffMs - 1), cutoff) as { at_or_after: number; before_is_after: number };
    expect(rows).toEqual({ at_or_after: 1, before_is_after: 0 });
  });

  it('sorts a column of stored times in time order with ORDER BY and filters with a datetime() window', () => {
    const conn = sqlite();
    conn.exec('CREATE TABLE t (id INTEGER, created_at TEXT)');
    const now = Date.now();
    const insert = conn.prepare('INSERT INTO t VALUES (?, ?)');
    // Inserted out of order, with times that differ only in the fraction and across hours.
    insert.run(3, toSqlTime(now - 1_000 + 900));
    insert.run(1, toSqlTime(now - 2 * 3_600_000));
    insert.run(2, toSqlTime(now - 1_000 + 100));
    insert.run(4, toSqlTime(now));
    expect(conn.prepare('SELECT id FROM t ORDER BY created_at').pluck().all()).toEqual([1, 2, 3, 4]);
    expect(conn.prepare(`SELECT id FROM t WHERE created_at >= datetime('now', '-1 hour') ORDER BY created_at`).pluck().all()).toEqual([2, 3, 4]);
  });

  it('gives julianday() differences in seconds that match the ms difference (the runbook lag query)', () => {
    const conn = sqlite();
    const source = Date.UTC(2024, 4, 5, 6, 7, 8, 250);
    const processed = source + 1_750;
    const lag = conn
      .prepare(`SELECT CAST((julianday(?) - julianday(?)) * 86400 AS REAL)`)
      .pluck()
      .get(toSqlTime(processed), toSqlTime(source)) as number;
    expect(lag).toBeCloseTo(1.75, 3);
  });
});
