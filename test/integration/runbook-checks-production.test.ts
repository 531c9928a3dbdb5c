import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { samplePayment } from '../fixtures/engine';
import { CHECK_IDS } from '../../src/main/engine/services/runbook/checks/registry';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  cluster = await startProductionCluster(1);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('decisionos check against production mode (Postgres + Redis)', () => {
  it('runs every check over --url, Redis and the outbox included, and exits 0 on a healthy cluster', async () => {
    const c = cluster;
    if (!c) return; // Postgres or Redis missing locally: the fixture said so
    const r = await cli(['check', '--url', c.api.url, '--key', c.api.key, '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; summary: string; numbers: Record<string, unknown> }[] };
    expect(report.checks.map((x) => x.id)).toEqual(CHECK_IDS);
    const byId = new Map(report.checks.map((x) => [x.id, x]));
    expect(byId.get('redis-and-outbox')).toMatchObject({ status: 'pass', numbers: { mode: 'production' } });
    expect(byId.get('redis-and-outbox')?.summary).toContain('maxmemory-policy');
    expect(byId.get('live-workers')).toMatchObject({ status: 'pass', numbers: { live_workers: 1 } });
    expect(byId.get('trace-query-plan')?.numbers.index).toMatch(/^idx_task_audits_/);
    expect(byId.get('required-indexes')?.status).toBe('pass');
  });

  it('fails queue-depth when the shared queue is paused with jobs ready, and exits 1', async () => {
    const c = cluster;
    if (!c) return;
    const headers = { authorization: `Bearer ${c.api.key}`, 'content-type': 'application/json' };
    await fetch(`${c.api.url}/api/queue/pause`, { method: 'POST', headers, body: JSON.stringify({ reason: 'check the check' }) });
    for (let i = 0; i < 2; i += 1) {
      const submitted = await fetch(`${c.api.url}/api/decisions`, { method: 'POST', headers, body: JSON.stringify(samplePayment({ amount: 10 + i })) });
      expect(submitted.status).toBe(202);
    }
    // The outbox relay moves the jobs onto BullMQ within moments.
    let r = await cli(['check', 'queue-depth', '--url', c.api.url, '--key', c.api.key]);
    for (let tries = 0; tries < 50 && r.code !== 1; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await cli(['check', 'queue-depth', '--url', c.api.url, '--key', c.api.key]);
    }
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}queue-depth +The queue is paused with 2 job\(s\) ready/m);
    await fetch(`${c.api.url}/api/queue/resume`, { method: 'POST', headers, body: JSON.stringify({ reason: 'done' }) });
  });
});
