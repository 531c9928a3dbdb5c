import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BASELINE_ALPHA, BASELINE_MIN_SAMPLES } from '../../domain/rolling-baseline';
import { VELOCITY_WINDOW_MS } from '../../domain/velocity-counter';
import { REPORT_OUTCOMES, TRUST_WINDOW_REPORTS, TRUST_WINDOW_TTL_MS } from '../../domain/affiliate-trust';
import type { SignalHistory, SignalHistoryOptions } from '../../ports/signal-history';

/*
 * Numbers cross between JavaScript and Lua as '%.17g' text (and JavaScript's shortest round-trip text the other
 * way): both are exact for doubles, so the scripts compute on the very values the domain classes would.
 */

/**
 * RollingBaseline.zScore then RollingBaseline.add, in one script, on a hash (n, mean, var).
 * KEYS[1] the baseline; ARGV value, alpha, minSamples. Replies z (text), samples.
 */
const OBSERVE = `
local value = tonumber(ARGV[1])
local alpha = tonumber(ARGV[2])
local minSamples = tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 'n', 'mean', 'var')
local n = tonumber(stored[1]) or 0
local mean = tonumber(stored[2]) or 0
local variance = tonumber(stored[3]) or 0
local z = 0
if n >= minSamples then
  local sd = math.sqrt(variance)
  if sd == 0 then
    -- No spread yet: any departure is extreme, in its own direction.
    if value > mean then z = 10 elseif value < mean then z = -10 end
  else
    z = (value - mean) / sd
  end
end
n = n + 1
if n == 1 then
  mean = value
else
  local weight = math.max(alpha, 1 / n)
  local delta = value - mean
  mean = mean + weight * delta
  variance = (1 - weight) * (variance + weight * delta * delta)
end
redis.call('HSET', KEYS[1], 'n', n, 'mean', string.format('%.17g', mean), 'var', string.format('%.17g', variance))
return { string.format('%.17g', z), n }
`;

/**
 * VelocityCounter.hit on a sorted set of event times (score: the time; member: a unique id per event).
 * KEYS[1] the set; ARGV at, window, member, ttl. Replies the count in (at - window, at].
 */
const HIT = `
local at = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
-- Events may arrive out of order: the window ends at the newest time seen, not at this one.
local newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.17g', newest - window))
local count = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.17g', at - window), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return count
`;

/**
 * ReportWindow.record on a list of `<outcome>:<report id>`, oldest first. KEYS[1] the list; ARGV report id, outcome,
 * size, ttl, then every outcome name. Replies reports, overclaimed, missing.
 */
const REPORT = `
local id = ARGV[1]
local size = tonumber(ARGV[3])
local seen = false
for i = 5, #ARGV do
  if redis.call('LPOS', KEYS[1], ARGV[i] .. ':' .. id) then seen = true end
end
if not seen then
  redis.call('RPUSH', KEYS[1], ARGV[2] .. ':' .. id)
  redis.call('LTRIM', KEYS[1], -size, -1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local overclaimed = 0
local missing = 0
local held = redis.call('LRANGE', KEYS[1], 0, -1)
for _, entry in ipairs(held) do
  if string.sub(entry, 1, 12) == 'overclaimed:' then overclaimed = overclaimed + 1
  elseif string.sub(entry, 1, 8) == 'missing:' then missing = missing + 1 end
end
return { #held, overclaimed, missing }
`;

type SignalCommands = {
  dosSignalObserve(key: string, value: string, alpha: string, minSamples: number): Promise<[z: string, samples: number]>;
  dosSignalHit(key: string, at: string, windowMs: number, member: string, ttlMs: number): Promise<number>;
  dosSignalReport(key: string, reportId: string, outcome: string, size: number, ttlMs: number, ...outcomes: string[]): Promise<[number, number, number]>;
};

/**
 * Signal history on Redis, one history for every worker process: a baseline hash under `<ns>:baseline:<key>`,
 * a sorted set of event times under `<ns>:velocity:<key>` and an affiliate's report list under `<ns>:reports:<key>`
 * (expiring TRUST_WINDOW_TTL_MS after its last report). Each observation, hit and report is one Lua script, so
 * concurrent workers lose no sample and count no event twice.
 *
 * A subject's set expires `velocityTtlMs` (ten windows) after its last event: VelocityCounter forgets subjects only
 * past 100,000 of them, and the TTL is long enough for events that arrive late (event time behind wall time) to
 * still count what the memory counter would.
 */
export function createRedisSignalHistory(redis: Redis, namespace: string, o: SignalHistoryOptions & { velocityTtlMs?: number } = {}): SignalHistory {
  const r = redis as Redis & SignalCommands;
  if (typeof r.dosSignalObserve !== 'function') {
    redis.defineCommand('dosSignalObserve', { numberOfKeys: 1, lua: OBSERVE });
    redis.defineCommand('dosSignalHit', { numberOfKeys: 1, lua: HIT });
  }
  if (typeof r.dosSignalReport !== 'function') redis.defineCommand('dosSignalReport', { numberOfKeys: 1, lua: REPORT });
  const reportWindow = o.trustWindowReports ?? TRUST_WINDOW_REPORTS;
  const alpha = String(o.alpha ?? BASELINE_ALPHA);
  const minSamples = o.minSamples ?? BASELINE_MIN_SAMPLES;
  const windowMs = o.velocityWindowMs ?? VELOCITY_WINDOW_MS;
  const ttlMs = o.velocityTtlMs ?? 10 * windowMs;
  return {
    async observeAmount(key, value) {
      const [z, samples] = await r.dosSignalObserve(`${namespace}:baseline:${key}`, String(value), alpha, minSamples);
      return { z: Number(z), samples: Number(samples) };
    },
    async hit(key, at) {
      return Number(await r.dosSignalHit(`${namespace}:velocity:${key}`, String(at), windowMs, randomUUID(), ttlMs));
    },
    async recordReport(key, reportId, outcome) {
      const [reports, overclaimed, missing] = await r.dosSignalReport(`${namespace}:reports:${key}`, reportId, outcome, reportWindow, TRUST_WINDOW_TTL_MS, ...REPORT_OUTCOMES);
      return { reports: Number(reports), overclaimed: Number(overclaimed), missing: Number(missing) };
    },
  };
}
