import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiter } from '../../ports/rate-limiter';

/** One call in a fixed window: KEYS[1] the counter; ARGV window ms. Replies the calls counted, this one included, and the ms left. */
const TAKE_WITHIN = `
local n = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { n, left }
`;

type WithinCommand = { dosTakeWithin(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Per-key call budgets on Redis (rate-limiter-flexible's Redis store: one atomic script per call), shared by every
 * API process on the same Redis; `takeWithin` is one script of ours (INCR, then the window's expiry on its first
 * call). `rejectIfRedisNotReady` (and the same check before `takeWithin`) makes a call fail at once while Redis is
 * down instead of waiting in ioredis's offline queue: the API answers then rather than hanging.
 */
export function createRedisRateLimiter(redis: Redis, o: { namespace: string; points: number; durationSeconds: number }): RateLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${o.namespace}:rl`,
    points: o.points,
    duration: o.durationSeconds,
    rejectIfRedisNotReady: true,
  });
  const r = redis as Redis & WithinCommand;
  if (typeof r.dosTakeWithin !== 'function') redis.defineCommand('dosTakeWithin', { numberOfKeys: 1, lua: TAKE_WITHIN });
  return {
    async takeWithin(key, limit, windowMs) {
      if (redis.status !== 'ready') throw new Error(`Redis is not ready (${redis.status})`);
      const [count, left] = await r.dosTakeWithin(`${o.namespace}:rl:within:${key}`, windowMs);
      return Number(count) <= limit ? 0 : Math.max(1, Number(left));
    },
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
