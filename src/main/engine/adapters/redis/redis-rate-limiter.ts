import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiter } from '../../ports/rate-limiter';

/**
 * Per-key call budgets on Redis (rate-limiter-flexible's Redis store: one atomic script per call), shared by every
 * API process on the same Redis. `rejectIfRedisNotReady` makes a call fail at once while Redis is down instead of
 * waiting in ioredis's offline queue: the API answers then rather than hanging.
 */
export function createRedisRateLimiter(redis: Redis, o: { namespace: string; points: number; durationSeconds: number }): RateLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${o.namespace}:rl`,
    points: o.points,
    duration: o.durationSeconds,
    rejectIfRedisNotReady: true,
  });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (outcome) {
        // Over budget is an answer (a RateLimiterRes); anything else is Redis failing, which the caller must see.
        if (outcome instanceof RateLimiterRes) return Math.max(1, outcome.msBeforeNext);
        throw outcome;
      }
    },
  };
}
