import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createMemoryWorkerRegistry } from '../../src/main/engine/adapters/memory-worker-registry';
import { createRedisWorkerRegistry } from '../../src/main/engine/adapters/redis/redis-worker-registry';
import { connectRedisForTests, dropNamespace } from './backends';
import { REGISTRY_TTL_MS, workerRegistryContract } from './worker-registry.contract';

function movableClock() {
  let now = 1_750_000_000_000;
  return { clock: { now: () => now }, advance: (ms: number) => void (now += ms), now: () => now };
}

describe('WorkerRegistry contract: in memory', () => {
  workerRegistryContract(() => {
    const { clock, advance, now } = movableClock();
    // The embedded mode has one process: both handles are the same registry.
    const registry = createMemoryWorkerRegistry(clock, REGISTRY_TTL_MS);
    return { a: registry, b: registry, advance, now };
  });
});

const redis = await connectRedisForTests();
const namespaces: string[] = [];
describe.skipIf(redis === null)('WorkerRegistry contract: Redis', () => {
  const others: Redis[] = [];
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    for (const r of others) r.disconnect();
    redis.disconnect();
  });
  workerRegistryContract(() => {
    const namespace = `dos-test-${randomUUID()}`;
    namespaces.push(namespace);
    const other = (redis as Redis).duplicate();
    others.push(other);
    const { clock, advance, now } = movableClock();
    return {
      a: createRedisWorkerRegistry(redis as Redis, namespace, clock, REGISTRY_TTL_MS),
      b: createRedisWorkerRegistry(other, namespace, clock, REGISTRY_TTL_MS),
      advance,
      now,
    };
  });
});
