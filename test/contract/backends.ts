import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

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

/** The server the Postgres suites create their databases on (trust auth on the CI machine). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** A connection string to a new, empty database of its own. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A new empty database for one suite (`dos_test_<random>`), or null when there is no Postgres. Outside CI a missing
 * Postgres skips those suites with one line; in CI (`CI=true`) it is a failure.
 */
export async function createPostgresDatabaseForTests(): Promise<TestDatabase | null> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    const why = `Postgres at ${POSTGRES_ADMIN_URL} is not reachable (${(error as Error).message})`;
    if (process.env.CI) throw new Error(`${why}: the Postgres contract suites must run in CI`, { cause: error });
    console.log(`Postgres contract suites skipped: ${why}; start one or set TEST_POSTGRES_URL`);
    return null;
  }
  const name = `dos_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
