import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';
import { parseCsv } from '../fixtures/csv';
import { EXPORT_COLUMNS } from '../../src/main/engine/domain/audit-export-format';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

function cli(args: string[], cwd = os.tmpdir()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('decisionos export', () => {
  let t: TestEngine;
  let remote: string[];
  let decision = '';
  const out = tempDataDir('dos-export-out-');
  beforeAll(async () => {
    t = await startTestEngine({ port: 0 }, { listen: true });
    remote = ['--url', t.engine.url as string, '--key', t.adminKey];
    decision = (await t.request('POST', '/api/decisions', { body: { decision_type: 'agent_tool_call', task_id: 'cli-export-1', inputs: { agent_id: 'a1', tool: 'gmail.send' } } })).body.decision_id;
    await t.drain();
  });
  afterAll(async () => t.close());

  it("writes a task's trail as CSV to --out from a remote engine, and says where", async () => {
    const file = path.join(out, 'task.csv');
    const r = await cli(['export', '--task-id', 'cli-export-1', '--format', 'csv', '--out', file, ...remote]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toMatch(new RegExp(`wrote \\d+ bytes to ${file}`));
    const rows = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.slice(1).map((row) => row[EXPORT_COLUMNS.indexOf('decision_id')]))).toEqual(new Set([decision]));
    // Never over an existing file.
    const again = await cli(['export', '--task-id', 'cli-export-1', '--out', file, ...remote]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists');
  });

  it("streams JSON lines to stdout with --out -, and by default names the file as the engine does, in the current directory", async () => {
    const r = await cli(['export', '--task-id', 'cli-export-1', '--out', '-', ...remote]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => l.task_id === 'cli-export-1')).toBe(true);
    const here = tempDataDir('dos-export-cwd-');
    const named = await cli(['export', '--event-type', 'RECEIVED', ...remote], here);
    expect(named.code).toBe(0);
    expect(fs.readdirSync(here)).toEqual([expect.stringMatching(/^decisionos-audit-default-\d{8}T\d{6}\.\d{3}Z\.jsonl$/)]);
  });

  it('reads the data dir itself when no engine runs, and refuses bad filters as usage errors (exit 2)', async () => {
    const dir = tempDataDir('dos-export-offline-');
    const offline = await startTestEngine({ dataDir: dir });
    await offline.request('POST', '/api/decisions', { body: { decision_type: 'agent_tool_call', task_id: 'offline-1', inputs: { agent_id: 'a1', tool: 'gmail.send' } } });
    await offline.drain();
    await offline.engine.stop(); // stopped, its data dir kept
    try {
      const r = await cli(['export', '--data-dir', dir, '--task-id', 'offline-1', '--out', '-'], dir);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const bad = await cli(['export', '--since', 'yesterday', '--out', '-', ...remote]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('since');
  });
});
