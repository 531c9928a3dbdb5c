import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteBreakerStore } from '../../src/main/engine/adapters/sqlite/sqlite-breaker-store';
import { createRedisBreakerStore } from '../../src/main/engine/adapters/redis/redis-breaker-store';
import { tempDataDir } from '../fixtures/engine';
import { connectRedisForTests, dropNamespace } from './backends';
import { breakerStoreContract } from './breaker-store.contract';

describe('BreakerStore contract: SQLite', () => {
  // Several connections to one database file, as several processes on one data dir would have.
  breakerStoreContract((connections) => {
    const file = path.join(tempDataDir('dos-breaker-contract-'), 'decisionos.sqlite');
    return Array.from({ length: connections }, () => createSqliteBreakerStore(openDatabase(file)));
  });
});

const redis: Redis | null = await connectRedisForTests();
const namespaces: string[] = [];
const extraConnections: Redis[] = [];

describe.skipIf(redis === null)('BreakerStore contract: Redis', () => {
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    for (const connection of extraConnections) connection.disconnect();
    redis.disconnect();
  });
  // The first store uses the shared connection; any more get connections of their own.
  breakerStoreContract((connections) => {
    const ns = `dos-test-${randomUUID()}`;
    namespaces.push(ns);
    return Array.from({ length: connections }, (_, i) => {
      const connection = i === 0 ? (redis as Redis) : (redis as Redis).duplicate();
      if (i > 0) extraConnections.push(connection);
      return createRedisBreakerStore(connection, ns);
    });
  });
});
