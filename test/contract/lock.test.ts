import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { createRedisKeyValue } from '../../src/main/engine/adapters/redis/redis-key-value';
import { createKvLock } from '../../src/main/engine/services/runbook/kv-lock';
import { tempDataDir } from '../fixtures/engine';
import { connectRedisForTests, dropNamespace } from './backends';
import { lockContract } from './lock.contract';

function movableClock() {
  let now = 1_750_000_000_000;
  return { clock: { now: () => now }, advance: (ms: number) => void (now += ms) };
}

describe('Lock contract: on the SQLite key-value store', () => {
  lockContract(() => {
    const file = path.join(tempDataDir('dos-lock-contract-'), 'kv.sqlite');
    const { clock, advance } = movableClock();
    // Two connections to one file stand for two processes.
    return { a: createKvLock(createSqliteKeyValue(openDatabase(file)), clock), b: createKvLock(createSqliteKeyValue(openDatabase(file)), clock), advance };
  });
});

const redis = await connectRedisForTests();
const namespaces: string[] = [];
describe.skipIf(redis === null)('Lock contract: on the Redis key-value store', () => {
  const others: Redis[] = [];
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    for (const r of others) r.disconnect();
    redis.disconnect();
  });
  lockContract(() => {
    const namespace = `dos-test-${randomUUID()}`;
    namespaces.push(namespace);
    const other = (redis as Redis).duplicate();
    others.push(other);
    const { clock, advance } = movableClock();
    return { a: createKvLock(createRedisKeyValue(redis as Redis, namespace), clock), b: createKvLock(createRedisKeyValue(other, namespace), clock), advance };
  });
});
