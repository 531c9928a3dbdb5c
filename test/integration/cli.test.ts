import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestEngine, tempDataDir, samplePayment } from '../fixtures/engine';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const dataDir = tempDataDir('dos-cli-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('decisionos keys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it so the API refuses it', async () => {
    // First start creates the database and the local admin key.
    const t = await startTestEngine({ dataDir });
    const created = cli('keys', 'create', '--data-dir', dataDir, '--workspace', 'ws-cli', '--name', 'ci-bot', '--scopes', 'read,submit');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^dos_[a-z0-9]+\.[A-Za-z0-9_-]{43}$/);
    expect((await t.request('POST', '/api/decisions', { body: samplePayment(), key })).status).toBe(202);

    const listed = cli('keys', 'list', '--data-dir', dataDir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('ws-cli\tci-bot\tread,submit\tactive');
    expect(listed.stdout).not.toContain(key.split('.')[1]);

    const keyId = key.slice(4, key.indexOf('.'));
    expect(cli('keys', 'revoke', keyId, '--data-dir', dataDir).code).toBe(0);
    // A running engine caches key lookups for 5 s; a fresh one sees the revocation at once.
    await t.engine.stop();
    const again = await startTestEngine({ dataDir });
    const refused = await again.request('GET', '/api/queue', { key });
    expect(refused.status).toBe(401);
    await again.engine.stop();
  });

  it('stores only a hash of each key, and writes the admin key file with mode 0600', () => {
    const conn = new Database(path.join(dataDir, 'decisionos.sqlite'), { readonly: true });
    const admin = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
    const rows = conn.prepare('SELECT secret_hash FROM api_keys').all() as { secret_hash: string }[];
    conn.close();
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.secret_hash))).toBe(true);
    expect(rows.some((r) => r.secret_hash.includes(admin))).toBe(false);
    expect(fs.statSync(path.join(dataDir, 'admin.key')).mode & 0o777).toBe(0o600);
  });

  it('exits 2 with a message for bad usage', () => {
    const noScopes = cli('keys', 'create', '--data-dir', dataDir, '--workspace', 'w', '--name', 'n', '--scopes', 'read,fly');
    expect(noScopes.code).toBe(2);
    expect(noScopes.stderr).toContain('unknown: fly');
    expect(cli('keys', 'explode', '--data-dir', dataDir).code).toBe(2);
    expect(cli('launch').code).toBe(2);
    expect(cli('serve', '--port', 'seventy').stderr).toContain('--port must be');
    expect(cli('serve', '--bogus').code).toBe(2);
  });
});

describe('decisionos demo', () => {
  it('feeds the labelled workload through the API, with a demo vendor outage that opens and then closes a breaker', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--exit', '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Submitted: {"202":520}');
    expect(out).toContain('Demo sanctions vendor goes down');
    expect(out).toContain('Breaker demo_sanctions: CLOSED (last: 1 probe(s) succeeded)');
    expect(out).toMatch(/Open the workstation: http:\/\/127\.0\.0\.1:\d+\/#login=/);
  }, 60_000);
});

describe('decisionos serve', () => {
  it('exits 2 naming the entry and field of a bad integrations file, before touching the data dir', () => {
    const file = path.join(dataDir, 'integrations.json');
    fs.writeFileSync(file, JSON.stringify({ integrations: [{ name: 'sanctions', url: 'not a url', applies_to: ['payment_fraud_check'] }] }));
    const fresh = path.join(dataDir, 'never-created');
    const r = spawnSync(process.execPath, [BIN, 'serve', '--data-dir', fresh, '--port', '0'], {
      encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', DECISIONOS_INTEGRATIONS: file },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad setting DECISIONOS_INTEGRATIONS .*integrations\.0\.url/);
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('refuses a database written by a newer version with a clear message and leaves it untouched', () => {
    const dir = tempDataDir('dos-newer-');
    const file = path.join(dir, 'decisionos.sqlite');
    const conn = new Database(file);
    conn.pragma('user_version = 999');
    conn.close();
    const before = fs.readFileSync(file);
    const r = cli('serve', '--data-dir', dir, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('newer DecisionOS');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'engine.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to share a data dir with a running engine', async () => {
    const dir = tempDataDir('dos-lock-');
    const t = await startTestEngine({ dataDir: dir });
    const r = cli('serve', '--data-dir', dir, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('another DecisionOS engine');
    await t.close();
  });
});

describe('decisionos start without an Electron binary', () => {
  it('says in one line why there is no window, then serves browser mode with a login link', async () => {
    const dir = tempDataDir('dos-start-');
    const child = spawn(process.execPath, [BIN, 'start', '--data-dir', dir, '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'silent', CI: 'true', ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const login = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no login link: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /Open the workstation: (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^No desktop window: no Electron binary at .*no-electron-here.*Starting browser mode instead\.$/);
    const url = new URL(login);
    const token = url.hash.replace('#login=', '');
    const session = await fetch(`${url.origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(session.status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

