import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnEngine, type ChildEngine } from '../fixtures/child-engine';
import { tempDataDir } from '../fixtures/engine';
import type { LoadtestReport } from '../../src/main/engine/domain/loadtest-report';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'loadtest', ...args], { cwd: os.tmpdir(), env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const ordered = (s: { p50: number | null; p95: number | null; p99: number | null; max: number | null }) =>
  s.p50 !== null && s.p50 <= s.p95! && s.p95! <= s.p99! && s.p99! <= s.max!;

describe('decisionos loadtest', () => {
  let engine: ChildEngine;
  let remote: string[];
  beforeAll(async () => {
    engine = await spawnEngine(tempDataDir('dos-loadtest-'));
    remote = ['--url', engine.url, '--key', engine.key];
  });
  afterAll(async () => {
    engine.child.kill('SIGTERM');
    await engine.exited;
  });

  it('sends the demo workload for 2 s at 40/s and reports consistent figures that match what the engine holds', async () => {
    const r = await cli([...remote, '--rate', '40', '--duration', '2s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadtestReport;
    expect([report.scheduled, report.skipped_at_cap]).toEqual([80, 0]);
    expect(report.sent).toBe(80);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.accepted).toBeLessThanOrEqual(report.sent);
    const refused = Object.values(report.refused).reduce((a, b) => a + b, 0);
    expect(report.accepted + refused + report.errors).toBe(report.sent);
    expect(report.elapsed_s).toBeGreaterThanOrEqual(1.9);
    expect(report.submit_ms.count).toBe(report.sent - report.errors);
    expect(ordered(report.submit_ms)).toBe(true);
    expect(report.decision_lag.sampled).toBe(Math.min(report.accepted, 200));
    expect(report.decision_lag.terminal).toBeGreaterThan(0);
    expect(ordered(report.decision_lag.ms)).toBe(true);
    // The accepted figure is the engine's: that many labelled load-test decisions are stored.
    const page = (await (await fetch(`${engine.url}/api/decisions?limit=500`, { headers: { authorization: `Bearer ${engine.key}` } })).json()) as { items: { task_id: string; inputs: { demo?: boolean } }[] };
    const mine = page.items.filter((d) => d.task_id.startsWith('demo-lt-'));
    expect(mine.length).toBe(report.accepted);
    expect(mine.every((d) => d.inputs.demo === true)).toBe(true);
  });

  it('prints the npm run bench table by default', async () => {
    const r = await cli([...remote, '--rate', '10', '--duration', '500ms']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('| benchmark | measured | target | met |');
    expect(r.stdout).toMatch(/\| loadtest requests .*\| 5 sent of 5 scheduled; 5 accepted; refused: none/);
    expect(r.stdout).toMatch(/\| loadtest submit latency .*\| p50 [\d.]+ \/ p95 [\d.]+ \/ p99 [\d.]+ \/ max [\d.]+ ms/);
    expect(r.stdout).toMatch(/\| loadtest decision lag \(5 of 5 sampled decisions terminal\)/);
  });

  it('does not send what is due while the in-flight cap is full, and says so', async () => {
    const r = await cli([...remote, '--rate', '1000', '--duration', '300ms', '--max-in-flight', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadtestReport;
    expect(report.skipped_at_cap).toBeGreaterThan(0);
    expect(report.sent + report.skipped_at_cap).toBe(report.scheduled);
    expect(r.stderr).toContain('In-flight cap of 1 hit');
  });

  it('refuses a target that only looks like loopback, with a sentence and exit 2, sending nothing', async () => {
    const r = await cli(['--url', 'http://127.0.0.1.evil.com:8080', '--key', 'k', '--rate', '10', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to load http:\/\/127\.0\.0\.1\.evil\.com:8080: it is not a loopback address.*--i-own-this-engine/);
    expect(r.stdout).toBe('');
  });

  it('lets [::1] through the loopback check: the run happens, and requests nobody answers count as errors', async () => {
    const port = new URL(engine.url).port;
    const r = await cli(['--url', `http://[::1]:${port}`, '--key', engine.key, '--rate', '10', '--duration', '200ms', '--json']);
    expect(r.stderr).not.toContain('refusing');
    const report = JSON.parse(r.stdout) as LoadtestReport;
    expect(report.sent).toBe(2);
    // Either the host has IPv6 loopback with nothing on it (no answer) or it lacks it: both are errors, not usage.
    expect(report.errors + report.accepted).toBe(2);
    expect(r.code).toBe(report.accepted > 0 ? 0 : 1);
  });

  it.each([
    [['--rate', '0', '--duration', '1s'], /--rate must be/],
    [['--rate', '-3', '--duration', '1s'], /--rate must be/],
    [['--rate', '10000000', '--duration', '1s'], /--rate must be/],
    [['--rate', '10', '--duration', 'forever'], /--duration must be/],
    [['--rate', '10', '--duration', '0s'], /--duration must be/],
    [['--duration', '1s'], /--rate/],
    [['--rate', '10', '--duration', '1s', '--url', 'http://127.0.0.1:1'], /--url needs --key/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
