import type { Redis } from 'ioredis';
import type { KeyValue } from '../../ports/key-value';

/**
 * The key-value port on Redis, for processes that share state across machines. Each entry is a hash
 * (`v` version, `d` JSON value) under `<ns>:kv:<key>`; a sorted set `<ns>:kv-index` holds every key so that
 * `list(prefix)` is a lexicographic range, not a SCAN of the whole keyspace. Compare-and-set and delete are Lua
 * scripts, so the version check and the write are one atomic step however many processes race.
 */
const CAS = `
local cur = redis.call('HGET', KEYS[1], 'v')
if ARGV[1] == '' then
  if cur then return false end
  redis.call('HSET', KEYS[1], 'v', 1, 'd', ARGV[2])
  redis.call('ZADD', KEYS[2], 0, ARGV[3])
  return 1
end
if (not cur) or tonumber(cur) ~= tonumber(ARGV[1]) then return false end
local n = tonumber(cur) + 1
redis.call('HSET', KEYS[1], 'v', n, 'd', ARGV[2])
return n`;

const REMOVE = `
local cur = redis.call('HGET', KEYS[1], 'v')
if (not cur) or tonumber(cur) ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1`;

type KvCommands = {
  dosKvCas(data: string, index: string, expected: string, value: string, member: string): Promise<number | null>;
  dosKvRemove(data: string, index: string, expected: number, member: string): Promise<number>;
};

export function createRedisKeyValue(redis: Redis, namespace: string): KeyValue {
  const r = redis as Redis & KvCommands;
  if (typeof r.dosKvCas !== 'function') {
    redis.defineCommand('dosKvCas', { numberOfKeys: 2, lua: CAS });
    redis.defineCommand('dosKvRemove', { numberOfKeys: 2, lua: REMOVE });
  }
  const dataKey = (key: string) => `${namespace}:kv:${key}`;
  const index = `${namespace}:kv-index`;
  const parse = (version: string | null, data: string | null) => (version === null || data === null ? null : { version: Number(version), value: JSON.parse(data) });
  return {
    async get(key) {
      const [version, data] = await redis.hmget(dataKey(key), 'v', 'd');
      return parse(version ?? null, data ?? null);
    },
    async list(prefix) {
      // `[` makes the bounds inclusive; \u{10FFFF} sorts after every key that starts with the prefix.
      const keys = await redis.zrangebylex(index, `[${prefix}`, `[${prefix}\u{10FFFF}`);
      if (keys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hmget(dataKey(key), 'v', 'd');
      const rows = (await pipeline.exec()) ?? [];
      return keys.flatMap((key, i) => {
        const [error, fields] = rows[i] ?? [null, null];
        if (error) throw error;
        const [version, data] = (fields as (string | null)[] | null) ?? [null, null];
        const entry = parse(version ?? null, data ?? null);
        return entry ? [{ key, ...entry }] : [];
      });
    },
    async compareAndSet(key, expected, value) {
      const result = await r.dosKvCas(dataKey(key), index, expected === null ? '' : String(expected), JSON.stringify(value), key);
      return result === null ? null : Number(result);
    },
    async removeIfVersion(key, expected) {
      return (await r.dosKvRemove(dataKey(key), index, expected, key)) === 1;
    },
  };
}
