import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';
import { CHECK_IDS } from '../../src/main/engine/services/runbook/checks/registry';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

/** Runs the command without blocking this process (the engine it talks to may be running here). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const engines: TestEngine[] = [];
afterAll(async () => {
  for (const t of engines) await t.close();
});

async function engine(overrides = {}): Promise<TestEngine> {
  const t = await startTestEngine(overrides);
  engines.push(t);
  return t;
}

const statusOf = (body: { checks: { id: string; status: string }[] }, id: string) => body.checks.find((c) => c.id === id)?.status;

describe('GET /api/runbook/checks', () => {
  it('runs every registered check on a healthy engine, none failing, each with a summary, numbers and a duration', async () => {
    const t = await engine();
    await t.request('POST', '/api/decisions', { body: samplePayment() });
    await t.drain();
    const r = await t.request('GET', '/api/runbook/checks');
    expect(r.status).toBe(200);
    expect(r.body.checks.map((c: { id: string }) => c.id)).toEqual(CHECK_IDS);
    expect(r.body.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    for (const c of r.body.checks) {
      expect(c.summary.length).toBeGreaterThan(10);
      expect(typeof c.numbers).toBe('object');
      expect(c.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(statusOf(r.body, 'last-backup')).toBe('warn');
  });

  it('runs only the ids asked for, and refuses an unknown id with 400 naming the known ones', async () => {
    const t = await engine();
    const some = await t.request('GET', '/api/runbook/checks?ids=database,breakers');
    expect(some.body.checks.map((c: { id: string }) => c.id)).toEqual(['database', 'breakers']);
    const bad = await t.request('GET', '/api/runbook/checks?ids=database,no-such-check');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.message).toContain('no-such-check');
    expect(bad.body.error.message).toContain('queue-depth');
  });

  it('skip=heavy leaves out the checks that read the whole database (the Overview\'s periodic run); any other skip is a 400', async () => {
    const t = await engine();
    const periodic = await t.request('GET', '/api/runbook/checks?ids=database,database-integrity&skip=heavy');
    expect(periodic.body.checks.map((c: { id: string }) => c.id)).toEqual(['database']);
    const asked = await t.request('GET', '/api/runbook/checks?ids=database,database-integrity');
    expect(asked.body.checks.map((c: { id: string }) => c.id)).toEqual(['database', 'database-integrity']);
    const bad = await t.request('GET', '/api/runbook/checks?skip=slow');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('skip');
  });

    it('refuses a key without the read scope with 403', async () => {
    const t = await engine();
    const submitOnly = await t.keyFor('default', ['submit']);
    expect((await t.request('GET', '/api/runbook/checks', { key: submitOnly })).status).toBe(403);
  });

  it('fails queue-depth while the queue is paused with jobs ready, and passes once it is resumed and drained', async () => {
    const t = await engine();
    await t.request('POST', '/api/queue/pause', { body: { reason: 'check the check' } });
    for (let i = 0; i < 3; i += 1) await t.request('POST', '/api/decisions', { body: samplePayment({ amount: 10 + i }) });
    const paused = await t.request('GET', '/api/runbook/checks?ids=queue-depth');
    expect(paused.body.checks[0]).toMatchObject({ status: 'fail', numbers: { ready: 3, paused: 'yes' } });
    expect(paused.body.checks[0].summary).toContain('paused with 3 job(s) ready');
    await t.request('POST', '/api/queue/resume', { body: { reason: 'done' } });
    await t.drain();
    expect(statusOf((await t.request('GET', '/api/runbook/checks?ids=queue-depth')).body, 'queue-depth')).toBe('pass');
  });
});

describe('decisionos check', () => {
  const dataDir = tempDataDir('dos-check-');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 against a healthy engine over --url, printing one line per check', async () => {
    const t = await startTestEngine({ dataDir, port: 0 }, { listen: true });
    engines.push(t);
    const r = await cli(['check', '--url', t.engine.url as string, '--key', t.adminKey]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    for (const id of CHECK_IDS) expect(r.stdout).toMatch(new RegExp(`^(PASS|WARN)  ${id} `, 'm'));
    const json = await cli(['check', 'database', '--url', t.engine.url as string, '--key', t.adminKey, '--json']);
    expect(JSON.parse(json.stdout).checks).toHaveLength(1);
  });

  it('exits 2 on an unknown check id', async () => {
    const t = engines.at(-1) as TestEngine;
    const r = await cli(['check', 'no-such-check', '--url', t.engine.url as string, '--key', t.adminKey]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-check');
  });

  it('exits 1 when a check fails: with no engine running it opens the data dir itself and finds the paused backlog and the dropped index', async () => {
    const t = engines.pop() as TestEngine;
    await t.request('POST', '/api/queue/pause', { body: { reason: 'leave a backlog' } });
    for (let i = 0; i < 2; i += 1) await t.request('POST', '/api/decisions', { body: samplePayment({ amount: 20 + i }) });
    await t.engine.stop(); // keeps the data dir
    const db = new Database(path.join(dataDir, 'decisionos.sqlite'));
    db.exec('DROP INDEX idx_task_events_created_at');
    db.close();
    // A port nothing listens on: the command falls back to an engine in its own process.
    const r = await cli(['check', 'queue-depth', 'required-indexes', 'trace-query-plan', 'database', '--data-dir', dataDir], { DECISIONOS_PORT: String(await closedPort()) });
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toMatch(/^FAIL {2}queue-depth +The queue is paused with 2 job\(s\) ready/m);
    expect(r.stdout).toMatch(/^FAIL {2}required-indexes .*idx_task_events_created_at/m);
    expect(r.stdout).toMatch(/^PASS {2}trace-query-plan .*idx_task_audits_task_id/m);
    expect(r.stdout).toMatch(/^PASS {2}database /m);
  });
});
