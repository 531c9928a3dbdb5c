import net from 'node:net';
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../../src/main/engine/config';
import { createEngine, startEngine } from '../../../../src/main/engine/engine';
import { tempDataDir } from '../../../fixtures/engine';

const dirs: string[] = [];
const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that something else already listens on. */
async function takenPort(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** The kinds of handle keeping this process alive (threads, timers, sockets), counted. */
function liveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 20));
}

const quiet = { logger: pino({ level: 'silent' }) };

describe('engine start and stop', () => {
  it('a start that fails half-way (port taken) releases the writer thread, timers, database and lock it had opened', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const port = await takenPort();
    await settle();
    const before = liveResources();
    const config = configFromEnv({}, { dataDir, port, logLevel: 'silent', workerThread: true });
    await expect(startEngine(config, quiet)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await settle();
    expect(liveResources()).toEqual(before);
    // The lock and the database are free again: the next start on the same data dir works and stops cleanly.
    const again = await startEngine({ ...config, port: 0 }, quiet);
    await again.stop();
    await settle();
    expect(liveResources()).toEqual(before);
  });

  it('stop releases everything start opened, and a second stop does nothing', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    await settle();
    const before = liveResources();
    const handle = createEngine(configFromEnv({}, { dataDir, port: 0, logLevel: 'silent' }), quiet);
    const engine = await handle.start();
    expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await handle.stop();
    await handle.stop();
    await settle();
    expect(liveResources()).toEqual(before);
    expect(fs.existsSync(`${dataDir}/engine.lock`)).toBe(false);
  });
});
