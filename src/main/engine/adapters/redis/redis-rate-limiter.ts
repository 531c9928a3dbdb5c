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
    async take(key, points = o.points) {
      // The library counts every call in the window, allowed or not; the budget is compared here, so one limiter
      // serves keys with their own budgets.
      let counted: RateLimiterRes;
      try {
        counted = await limiter.consume(key);
      } catch (outcome) {
        // Over budget is an answer (a RateLimiterRes); anything else is Redis failing, which the caller must see.
        if (!(outcome instanceof RateLimiterRes)) throw outcome;
        counted = outcome;
      }
      return counted.consumedPoints <= points ? 0 : Math.max(1, counted.msBeforeNext);
    },
  };
}
