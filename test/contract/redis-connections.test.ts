import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, whenReady } from '../../src/main/engine/adapters/redis/redis-connections';
import { startTcpProxy } from '../fixtures/tcp-proxy';
import { REDIS_URL, connectRedisForTests } from './backends';

/** A port nothing listens on: Redis is "down". */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Redis connections by role while Redis is down', () => {
  it('an API connection fails a command within a second instead of queueing it', async () => {
    const api = connectRedis(`redis://127.0.0.1:${await deadPort()}`, 'api');
    const started = Date.now();
    await expect(api.get('anything')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    api.disconnect();
  });

  it('waiting for a Redis that never comes ends with a clear error, not a hang', async () => {
    const api = connectRedis(`redis://127.0.0.1:${await deadPort()}`, 'api');
    await expect(whenReady(api, 300)).rejects.toThrow(/did not become ready within 300 ms/);
    api.disconnect();
  });

  it('a worker connection keeps the command waiting for Redis to return', async () => {
    const worker = connectRedis(`redis://127.0.0.1:${await deadPort()}`, 'worker');
    const outcome = await Promise.race([worker.get('anything').then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('waiting'), 1_500))]);
    expect(outcome).toBe('waiting');
    worker.disconnect();
  });
});

const live = await connectRedisForTests();
describe.skipIf(live === null)('Redis connections by role, Redis up', () => {
  afterAll(() => live?.disconnect());
  it('both roles answer commands', async () => {
    for (const role of ['api', 'worker'] as const) {
      const redis = connectRedis(REDIS_URL, role);
      await whenReady(redis);
      expect(await redis.ping()).toBe('PONG');
      await redis.quit();
    }
  });

  it('an API connection fails the command in flight when the connection drops, though its reconnect then gets through TCP', async () => {
    const proxy = await startTcpProxy(REDIS_URL);
    const api = connectRedis(proxy.url(REDIS_URL), 'api');
    try {
      await whenReady(api);
      const inFlight = api.ping().then(() => 'answered', () => 'failed');
      proxy.hang();
      const outcome = await Promise.race([inFlight, new Promise((r) => setTimeout(() => r('waiting'), 1_000))]);
      expect(outcome).toBe('failed');
    } finally {
      api.disconnect();
      await proxy.close();
    }
  });
});
