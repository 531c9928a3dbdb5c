import { Redis, type RedisOptions } from 'ioredis';

/**
 * Who a Redis connection serves decides how it behaves while Redis is down:
 * - `api`: a request must answer (503) at once, so commands are not queued offline and fail after one try (no
 *   retry: ioredis keeps a retried in-flight command for resending once Redis answers again, which can be never);
 * - `worker`: BullMQ's blocking commands must wait out an outage, so requests retry without a limit
 *   (`maxRetriesPerRequest: null`, which BullMQ requires of its worker connections).
 * Both reconnect with a capped backoff, so nothing needs a restart when Redis returns.
 */
export type RedisRole = 'api' | 'worker';

export function redisOptions(role: RedisRole): RedisOptions {
  const reconnect: RedisOptions = { retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000), connectTimeout: 2_000 };
  return role === 'api' ? { ...reconnect, enableOfflineQueue: false, maxRetriesPerRequest: 0 } : { ...reconnect, maxRetriesPerRequest: null };
}

/** A connection for `role`; the caller owns it and must `quit()` it on shutdown. */
export function connectRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, redisOptions(role));
  // Errors reach the commands that fail (and /ready); the client's own error events would only repeat them.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves when the connection is ready; at start an API waits for this, since it queues nothing offline. */
export function whenReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Closes a connection: QUIT when Redis answers, else a plain disconnect (Redis is down: nothing to flush). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
