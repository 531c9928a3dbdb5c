import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteRateLimiter, type SqliteRateLimiter } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-rate-limiter';

const run = promisify(execFile);
const TAKER = path.resolve(import.meta.dirname, '../../../../../fixtures/rate-limit-taker.ts');
const opened: SqliteRateLimiter[] = [];
let dir: string;

async function open(points: number, durationSeconds = 60): Promise<SqliteRateLimiter> {
  const limiter = await openSqliteRateLimiter(path.join(dir, 'ratelimit.sqlite'), { points, durationSeconds });
  opened.push(limiter);
  return limiter;
}

afterEach(() => {
  for (const limiter of opened.splice(0)) limiter.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite rate limiter', () => {
  it('allows the budget, then answers how long until it refills; keys have their own budgets', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-rl-'));
    const limiter = await open(2);
    expect(await limiter.take('a|submit')).toBe(0);
    expect(await limiter.take('a|submit')).toBe(0);
    const wait = await limiter.take('a|submit');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await limiter.take('a|trace')).toBe(0);
    expect(await limiter.take('b|submit')).toBe(0);
  });

  it('refills once the window has passed', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-rl-'));
    const limiter = await open(1, 1);
    expect(await limiter.take('a|submit')).toBe(0);
    expect(await limiter.take('a|submit')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await limiter.take('a|submit')).toBe(0);
  });

  it('keeps its file private (0600)', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-rl-'));
    await open(1);
    expect(fs.statSync(path.join(dir, 'ratelimit.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('holds one budget across processes: three processes taking at once are allowed the limit in total, not the limit each', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-rl-'));
    const file = path.join(dir, 'ratelimit.sqlite');
    const startAt = Date.now() + 2_500;
    const takers = [1, 2, 3].map(() => run(process.execPath, ['--import', 'tsx', TAKER, file, '50', '40', String(startAt)]));
    const allowed = (await Promise.all(takers)).map((r) => Number(r.stdout.trim()));
    expect(allowed.reduce((a, b) => a + b, 0)).toBe(50);
    // This process sees the same spent budget.
    expect(await (await open(50)).take('ws-shared|submit')).toBeGreaterThan(0);
  }, 30_000);
});
