import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createMemoryChangeBus } from '../../src/main/engine/adapters/memory-change-bus';
import { createRedisChangeBus } from '../../src/main/engine/adapters/redis/redis-change-bus';
import { REDIS_URL, connectRedisForTests } from './backends';
import { connectRedis, whenReady } from '../../src/main/engine/adapters/redis/redis-connections';
import { changeBusContract } from './change-bus.contract';

describe('ChangeBus contract: one process (memory)', () => {
  changeBusContract(async () => {
    const bus = createMemoryChangeBus();
    return { a: bus, b: bus };
  }, { otherWriters: false });
});

const redis = await connectRedisForTests();
describe.skipIf(redis === null)('ChangeBus contract: Redis pub/sub', () => {
  const others: Redis[] = [];
  afterAll(() => {
    for (const r of others) r.disconnect();
    redis?.disconnect();
  });
  changeBusContract(async () => {
    const namespace = `dos-test-${randomUUID()}`;
    // A second connection stands for a second process, made as production makes them (no offline queue: a
    // subscriber duplicated from it must still subscribe while its own connection is opening).
    const other = connectRedis(REDIS_URL, 'api');
    await whenReady(other);
    others.push(other);
    return {
      a: createRedisChangeBus(redis as Redis, namespace),
      b: createRedisChangeBus(other, namespace),
      raw: async (text) => void (await (redis as Redis).publish(`${namespace}:changes`, text)),
    };
  }, { otherWriters: true });
});
