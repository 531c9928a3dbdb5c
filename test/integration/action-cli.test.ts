import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import { ACTIONS } from '../../src/main/engine/services/runbook/actions/registry';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

/** Runs the built command without blocking this process (the engine it talks to runs here); stdin is not a terminal. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('decisionos action', () => {
  let t: TestEngine;
  let remote: string[];
  beforeAll(async () => {
    t = await startTestEngine({ port: 0 }, { listen: true });
    remote = ['--url', t.engine.url as string, '--key', t.adminKey];
  });
  afterAll(async () => t.close());
  const paused = async () => (await t.request('GET', '/api/queue')).body.paused as boolean;

  it('list prints every registered action id with its scope and title', async () => {
    const r = await cli(['action', 'list', ...remote]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    for (const a of ACTIONS) expect(r.stdout).toMatch(new RegExp(`^${a.id} +${a.scope} +${a.title.replace(/[()]/g, '\\$&')}$`, 'm'));
  });

  it('run without --yes and without a terminal exits 2 saying so, and the queue stays running', async () => {
    const r = await cli(['action', 'run', 'pause-worker', '--reason', 'maintenance', ...remote]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --yes');
    expect(r.stdout).toContain('pause-worker:'); // the preview was shown
    expect(await paused()).toBe(false);
  });

  it('run pause-worker --yes pauses the queue and prints the progress, the audit event id and the undo resume-worker', async () => {
    const r = await cli(['action', 'run', 'pause-worker', '--reason', 'maintenance', '--yes', ...remote]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(await paused()).toBe(true);
    expect(r.stdout).toContain('[####################] 1/1');
    const auditId = /audit event: (\S+)/.exec(r.stdout)?.[1];
    expect(auditId).toBeTruthy();
    expect(r.stdout).toContain('undo: decisionos action run resume-worker');

    const undo = await cli(['action', 'run', 'resume-worker', '--reason', 'done', '--yes', '--json', ...remote]);
    expect(undo.code).toBe(0);
    expect(JSON.parse(undo.stdout).result.action_id).toBe('resume-worker');
    expect(await paused()).toBe(false);
  });

  it("run of a destructive action with --yes sends the preview's confirmation (retry-dead-letters, none dead: 0)", async () => {
    const r = await cli(['action', 'run', 'retry-dead-letters', '--reason', 'after the outage', '--yes', ...remote]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('this cannot be undone');
    expect(r.stdout).toMatch(/audit event: \S+/);
    expect(r.stdout).toContain('no undo');
  });

  it('an unknown action id exits 2 naming the known ids', async () => {
    const r = await cli(['action', 'run', 'no-such-action', '--reason', 'x', '--yes', ...remote]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown action 'no-such-action'");
    expect(r.stderr).toContain('pause-worker');
  });

  it("bad params exit 2 with the engine's message, and nothing runs", async () => {
    const r = await cli(['action', 'run', 'pause-worker', '--param', 'when=3', '--reason', 'x', '--yes', ...remote]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('params of pause-worker');
    expect(await paused()).toBe(false);
  });

  it("a key without the action's scope exits 1 with the engine's message", async () => {
    const key = await t.keyFor('other', ['read', 'operate']);
    const r = await cli(['action', 'run', 'pause-worker', '--reason', 'x', '--yes', '--url', t.engine.url as string, '--key', key]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lacks the 'system' scope");
    expect(await paused()).toBe(false);
  });
});
