import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { createRedisSignalHistory } from '../../src/main/engine/adapters/redis/redis-signal-history';
import type { SignalHistory } from '../../src/main/engine/ports/signal-history';
import { connectRedisForTests, dropNamespace } from './backends';
import { signalHistoryContract } from './signal-history.contract';

describe('SignalHistory contract: memory', () => {
  // One process: every handle is the same history.
  signalHistoryContract((connections) => {
    const history = createMemorySignalHistory();
    return Array.from({ length: connections }, (): SignalHistory => history);
  });
});

const redis: Redis | null = await connectRedisForTests();
const namespaces: string[] = [];
const extraConnections: Redis[] = [];

describe.skipIf(redis === null)('SignalHistory contract: Redis', () => {
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    for (const connection of extraConnections) connection.disconnect();
    redis.disconnect();
  });
  // The first handle uses the shared connection; any more get connections of their own, as other processes would.
  signalHistoryContract((connections) => {
    const ns = `dos-test-${randomUUID()}`;
    namespaces.push(ns);
    return Array.from({ length: connections }, (_, i) => {
      const connection = i === 0 ? (redis as Redis) : (redis as Redis).duplicate();
      if (i > 0) extraConnections.push(connection);
      return createRedisSignalHistory(connection, ns);
    });
  });
});
