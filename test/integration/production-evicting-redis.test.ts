import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabaseForTests, type TestDatabase } from '../contract/backends';
import { spawnEngine } from '../fixtures/child-engine';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let db: TestDatabase | null = null;
let redis: ChildProcess | null = null;
let redisUrl = '';
const dirs: string[] = [];
beforeAll(async () => {
  db = await createPostgresDatabaseForTests();
  if (!db) return;
  spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' } });
  // A Redis of this test's own: the shared one must not change its policy under the other suites.
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
  redisUrl = `redis://127.0.0.1:${port}`;
  await new Promise((r) => setTimeout(r, 300));
}, 30_000);
afterAll(async () => {
  redis?.kill('SIGKILL');
  await db?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-evict-'));
  dirs.push(d);
  return d;
};

describe('production mode on a Redis that evicts keys', () => {
  it('refuses to start, saying why an evicting Redis loses jobs and how to override it (exit 2)', (ctx) => {
    if (!db) return ctx.skip();
    const r = spawnSync(process.execPath, [BIN, 'serve', '--data-dir', dataDir(), '--port', '0'], {
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: redisUrl },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/maxmemory-policy allkeys-lru/);
    expect(r.stderr).toMatch(/--allow-evicting-redis/);
  });

  it('starts with --allow-evicting-redis and keeps warning on /ready', async (ctx) => {
    if (!db) return ctx.skip();
    const engine = await spawnEngine(dataDir(), { DATABASE_URL: db.url, REDIS_URL: redisUrl, DECISIONOS_REDIS_PREFIX: 'dos-test-evict' }, ['--allow-evicting-redis']);
    try {
      const ready = (await (await fetch(`${engine.url}/ready`)).json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
      expect(ready.checks.redis_eviction?.detail).toMatch(/allkeys-lru.*allowed by --allow-evicting-redis/);
    } finally {
      engine.child.kill('SIGTERM');
      await engine.exited;
    }
  }, 30_000);
});
