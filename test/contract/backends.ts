import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection to the Redis the contract suites run against, or null when there is none. Outside CI a missing
 * Redis skips those suites with one line; in CI (`CI=true`) it is a failure: the suites must run there.
 */
export async function connectRedisForTests(): Promise<Redis | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => undefined); // connect() rejects with the same error; this only keeps ioredis from printing it twice
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const why = `Redis at ${REDIS_URL} is not reachable (${(error as Error).message})`;
    if (process.env.CI) throw new Error(`${why}: the Redis contract suites must run in CI`, { cause: error });
    console.log(`Redis contract suites skipped: ${why}; start one (redis-server) or set REDIS_URL`);
    return null;
  }
}

/** Deletes every key of a test namespace (each suite writes under its own random prefix). */
export async function dropNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
