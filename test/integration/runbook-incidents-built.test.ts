import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../fixtures/engine';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const dataDir = tempDataDir('dos-built-runbook-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the built engine (dist/engine) and RUNBOOK.md', () => {
  it('serves the incidents of the RUNBOOK.md beside package.json', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0', '--no-worker'], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => /serving on (http:\/\/\S+)/.exec(out)?.[1], { timeout: 20_000 }).toBeTruthy();
      const url = /serving on (http:\/\/\S+)/.exec(out)?.[1] as string;
      const key = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
      const r = await fetch(`${url}/api/runbook/incidents`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { items: { id: string; symptoms: string }[] };
      expect(body.items.length).toBeGreaterThanOrEqual(17);
      expect(body.items.find((i) => i.id === 'poisoned-job')?.symptoms).toContain('You see');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 40_000);
});
