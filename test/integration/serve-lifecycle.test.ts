import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../fixtures/engine';

const BIN = path.resolve(import.meta.dirname, '../../bin/decisionos.js');
const dataDir = tempDataDir('dos-serve-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('decisionos serve start-up failures', () => {
  it('with its port taken, says so and exits non-zero within 2 s, leaving the data dir unlocked', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', String(port)], {
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let saidAt = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!saidAt && stderr.includes('is taken')) saidAt = Date.now();
      });
      const code = await new Promise<number | null>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.on('exit', (c) => {
          clearTimeout(killer);
          resolve(c);
        });
      });
      const exitedAt = Date.now();
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is taken`);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull(); // null: it hung and had to be killed
      expect(exitedAt - saidAt).toBeLessThan(2_000);
      expect(fs.existsSync(path.join(dataDir, 'engine.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 40_000);
});
