import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteRateLimiter, type SqliteRateLimiter } from '../../src/main/engine/adapters/sqlite/sqlite-rate-limiter';
import { createRedisRateLimiter } from '../../src/main/engine/adapters/redis/redis-rate-limiter';
import { tempDataDir } from '../fixtures/engine';
import { REDIS_URL, connectRedisForTests, dropNamespace } from './backends';
import { rateLimiterContract } from './rate-limiter.contract';

const opened: SqliteRateLimiter[] = [];
describe('RateLimiter contract: SQLite', () => {
  afterAll(() => {
    for (const l of opened) l.close();
  });
  rateLimiterContract(async (o) => {
    const file = path.join(tempDataDir('dos-rl-contract-'), 'ratelimit.sqlite');
    const a = await openSqliteRateLimiter(file, o);
    const b = await openSqliteRateLimiter(file, o);
    opened.push(a, b);
    return { a, b };
  });
});

const redis = await connectRedisForTests();
const namespaces: string[] = [];
const second: Redis[] = [];
describe.skipIf(redis === null)('RateLimiter contract: Redis', () => {
  afterAll(async () => {
    if (!redis) return;
    for (const ns of namespaces) await dropNamespace(redis, ns);
    for (const r of second) r.disconnect();
    redis.disconnect();
  });
  rateLimiterContract(async (o) => {
    const namespace = `dos-test-${randomUUID()}`;
    namespaces.push(namespace);
    // A second connection stands for a second API process.
    const other = new Redis(REDIS_URL);
    second.push(other);
    await other.ping(); // ready: the limiter refuses to queue calls on a connection that is not
    return { a: createRedisRateLimiter(redis as Redis, { namespace, ...o }), b: createRedisRateLimiter(other, { namespace, ...o }) };
  });
});

describe('Redis rate limiter while Redis is down', () => {
  it('fails the call at once instead of waiting in the offline queue', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    down.on('error', () => undefined);
    const limiter = createRedisRateLimiter(down, { namespace: 'dos-test-down', points: 10, durationSeconds: 60 });
    const started = Date.now();
    await expect(limiter.take('ws|submit')).rejects.toThrow(/not ready/);
    expect(Date.now() - started).toBeLessThan(500);
    down.disconnect();
  });
});
