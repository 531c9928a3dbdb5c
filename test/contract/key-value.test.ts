import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { createRedisKeyValue } from '../../src/main/engine/adapters/redis/redis-key-value';
import { tempDataDir } from '../fixtures/engine';
import { connectRedisForTests, dropNamespace } from './backends';
import { keyValueContract } from './key-value.contract';

describe('KeyValue contract: SQLite', () => {
  keyValueContract(() => createSqliteKeyValue(openDatabase(path.join(tempDataDir('dos-kv-contract-'), 'kv.sqlite'))));
});

const redis: Redis | null = await connectRedisForTests();
const namespaces: string[] = [];

describe.skipIf(redis === null)('KeyValue contract: Redis', () => {
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    redis.disconnect();
  });
  keyValueContract(() => {
    const ns = `dos-test-${randomUUID()}`;
    namespaces.push(ns);
    return createRedisKeyValue(redis as Redis, ns);
  });
});
