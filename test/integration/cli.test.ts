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
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    // Results on stdout; the story and the login link on stderr, with no progress line (stderr is not a terminal).
    expect(out).toContain('Submitted: {"202":520}');
    expect(out).toContain('Breaker demo_sanctions: CLOSED (last: 1 probe(s) succeeded)');
    expect(err).toContain('Demo sanctions vendor goes down');
    expect(err).toMatch(/Open the workstation: http:\/\/127\.0\.0\.1:\d+\/#login=/);
    expect(err).not.toContain('submitting demo decisions ');
    expect(err).not.toContain('\r');
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
    expect(r.stderr).toMatch(/DECISIONOS_INTEGRATIONS=.*integrations\.json: integrations\.0\.url/);
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
    child.stderr.on('data', (d) => (out += d));
    const login = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no login link: ${out}`)), 20_000);
      child.stderr.on('data', () => {
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


describe('decisionos help, version and usage errors', () => {
  const version = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

  it("prints package.json's version for --version and -V", () => {
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it.each(['serve', 'start', 'demo', 'keys', 'keys create', 'keys rotate', 'loadtest', 'completion'])("answers `%s --help` with that command's usage on stdout", (command) => {
    const r = cli(...command.split(' '), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: decisionos ${command}`);
    expect(r.stderr).toBe('');
  });

  it.each([
    [['launch'], "unknown command 'launch'", 'Usage: decisionos [options] [command]'],
    [[], '', 'Usage: decisionos [options] [command]'],
    [['serve', '--bogus'], "unknown option '--bogus'", 'Usage: decisionos serve'],
    [['serve', '--port', 'seventy'], '--port must be 0..65535', 'Usage: decisionos serve'],
    [['keys', 'explode'], "unknown command 'explode'", 'Usage: decisionos keys'],
    [['keys', 'create', '--workspace', 'w', '--name', 'n'], "required option '--scopes <list>' not specified", 'Usage: decisionos keys create'],
    [['keys', 'rotate'], "missing required argument 'key-id'", 'Usage: decisionos keys rotate'],
    [['completion', 'tcsh'], "'tcsh' is invalid", 'Usage: decisionos completion'],
  ])('exits 2 for `%s` with the message and the usage on stderr, nothing on stdout', (args, message, usage) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(usage);
    expect(r.stdout).toBe('');
  });

  it('checks --scopes against the scopes src/shared/scopes.ts defines, naming the unknown one', async () => {
    const { SCOPES } = await import('../../src/shared/scopes');
    const r = cli('keys', 'create', '--data-dir', dataDir, '--workspace', 'w', '--name', 'n', '--scopes', 'read,fly');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--scopes are some of ${SCOPES.join(',')} (unknown: fly)`);
  });
});

describe('decisionos keys rotate', () => {
  it('prints a new secret with the same scopes, revokes the old key, and audits both ids and who did it', async () => {
    const dir = tempDataDir('dos-rotate-');
    const t = await startTestEngine({ dataDir: dir });
    await t.engine.stop();
    const old = cli('keys', 'create', '--data-dir', dir, '--workspace', 'ws-rot', '--name', 'ci-bot', '--scopes', 'read,submit').stdout.trim();
    const oldId = old.slice(4, old.indexOf('.'));

    const rotated = cli('keys', 'rotate', oldId, '--data-dir', dir);
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).toMatch(/^dos_[a-z0-9]+\.[A-Za-z0-9_-]{43}$/);
    const freshId = fresh.slice(4, fresh.indexOf('.'));
    expect(freshId).not.toBe(oldId);

    const listed = cli('keys', 'list', '--data-dir', dir).stdout;
    expect(listed).toMatch(new RegExp(`${oldId}\\tws-rot\\tci-bot\\tread,submit\\trevoked `));
    expect(listed).toContain(`${freshId}\tws-rot\tci-bot\tread,submit\tactive`);

    const conn = new Database(path.join(dir, 'decisionos.sqlite'), { readonly: true });
    const audits = conn.prepare("SELECT workspace_id, actor, target, payload FROM ops_audits WHERE event_type = 'KEY_ROTATED'").all() as { workspace_id: string; actor: string; target: string; payload: string }[];
    conn.close();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.workspace_id).toBe('ws-rot');
    expect(audits[0]?.actor).toMatch(/\(cli\)$/);
    expect(JSON.parse(audits[0]?.payload ?? '{}')).toMatchObject({ old_key_id: oldId, new_key_id: freshId });

    const again = await startTestEngine({ dataDir: dir });
    expect((await again.request('GET', '/api/queue', { key: old })).status).toBe(401);
    expect((await again.request('GET', '/api/queue', { key: fresh })).status).toBe(200);
    await again.engine.stop();

    const twice = cli('keys', 'rotate', oldId, '--data-dir', dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`no active key ${oldId}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('decisionos settings errors', () => {
  it.each([
    [{ DECISIONOS_PORT: 'abc' }, 'DECISIONOS_PORT=abc: not a port'],
    [{ PORT: 'abc' }, 'PORT=abc: not a port'],
    [{ DECISIONOS_WORKER_THREAD: 'yes' }, 'DECISIONOS_WORKER_THREAD=yes: not a boolean (use true, false, 1 or 0)'],
  ])('exits 2 naming the variable for %o', (env, message) => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--data-dir', path.join(dataDir, 'never')], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`decisionos: ${message}\n`);
  });

  it('exits 2 naming the variable, the receiver and the field for a bad DECISIONOS_ALERT_RECEIVERS file', () => {
    const file = path.join(tempDataDir('dos-receivers-'), 'receivers.json');
    fs.writeFileSync(file, JSON.stringify({ receivers: [{ name: 'chat', url: 'https://hooks.example/x', format: 'teams' }] }));
    const r = spawnSync(process.execPath, [BIN, 'serve', '--data-dir', path.join(dataDir, 'never')], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', DECISIONOS_ALERT_RECEIVERS: file } });
    expect(r.status).toBe(2);
    expect(r.stderr.split(' Invalid option')[0]).toBe(`decisionos: DECISIONOS_ALERT_RECEIVERS=${file}: receivers[0] ("chat").format:`);
  });
});

describe('decisionos serve in production', () => {
  it('writes only JSON log lines (level names, pid, hostname, an access line per request) to stdout; banner and login link to stderr', async () => {
    const dir = tempDataDir('dos-prod-');
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dir, '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: '', DECISIONOS_ENV: 'production', DECISIONOS_LOG_LEVEL: 'info', DECISIONOS_ACCESS_LOG: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const login = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no login link: ${err}`)), 20_000);
      child.stderr.on('data', () => {
        const m = /Open the workstation: (\S+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    const origin = new URL(login).origin;
    const key = fs.readFileSync(path.join(dir, 'admin.key'), 'utf8').trim();
    const r = await fetch(`${origin}/api/queue`, { headers: { authorization: `Bearer ${key}`, 'x-request-id': 'rid-access-1' } });
    expect(r.headers.get('x-request-id')).toBe('rid-access-1');
    await r.arrayBuffer();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));

    expect(err).toContain('DecisionOS is serving on');
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const rec of records) {
      expect(typeof rec.level).toBe('string');
      expect(rec.pid).toEqual(expect.any(Number));
      expect(rec.hostname).toEqual(expect.any(String));
    }
    expect(out).not.toContain('#login=');
    const access = records.find((rec) => rec.msg === 'request' && rec.request_id === 'rid-access-1');
    expect(access).toMatchObject({ level: 'info', route: '/api/queue', status: 200, method: 'GET' });
    expect(access?.duration_ms).toEqual(expect.any(Number));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
