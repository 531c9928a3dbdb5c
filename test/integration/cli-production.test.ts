import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs the built CLI with only the given settings (none of the caller's DATABASE_URL or REDIS_URL leak in). */
function run(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|DECISIONOS_)/.test(k)));
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('decisionos worker and migrate', () => {
  it('worker refuses to start without production mode, saying what it needs, with exit code 2', () => {
    const r = run(['worker']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/`decisionos worker` needs DATABASE_URL and REDIS_URL/);
  });

  it('refuses half a production setup with exit code 2, naming the missing variable', () => {
    const r = run(['worker'], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/REDIS_URL is not set/);
  });

  it('worker --concurrency 0 is a usage error', () => {
    const r = run(['worker', '--concurrency', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--concurrency must be 1..64/);
  });

  it('migrate without DATABASE_URL brings the embedded file to its schema and says which', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-migrate-'));
    dirs.push(dir);
    const r = run(['migrate', '--data-dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/decisionos\.sqlite: schema \d+/);
  });

  it('migrate against an unreachable Postgres fails with exit 1, naming the database without its password', () => {
    const r = run(['migrate'], { DATABASE_URL: 'postgres://dos:s3cret@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/migrating postgres:\/\/dos:\*\*\*@127\.0\.0\.1:1\/none failed/);
    expect(r.stderr).not.toContain('s3cret');
  });
});
