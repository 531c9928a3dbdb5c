import type { Redis } from 'ioredis';
import type { Clock } from '../../ports/clock';
import type { LiveWorker, WorkerInfo, WorkerRegistry } from '../../ports/worker-registry';

/**
 * The worker registry on Redis. A sorted set `<ns>:workers:beats` scores each owner by its last beat; a hash
 * `<ns>:workers:info` holds what it said. Listing drops the owners whose last beat is older than the TTL from both,
 * then reads the rest. Both keys expire a TTL after the last beat of any worker, so a namespace nobody runs in
 * leaves nothing behind. Beats are stamped with the beating process's clock: hosts must keep their clocks in sync
 * to well within the TTL (NTP does).
 */
const BEAT = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])`;

const LIVE = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if #gone > 0 then
  redis.call('ZREM', KEYS[1], unpack(gone))
  redis.call('HDEL', KEYS[2], unpack(gone))
end
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  table.insert(out, live[i + 1])
  table.insert(out, redis.call('HGET', KEYS[2], live[i]) or false)
end
return out`;

type RegistryCommands = {
  dosWorkerBeat(beats: string, info: string, at: number, owner: string, json: string, ttlMs: number): Promise<null>;
  dosWorkersLive(beats: string, info: string, cutoff: number): Promise<(string | null)[]>;
};

export function createRedisWorkerRegistry(redis: Redis, namespace: string, clock: Clock, ttlMs: number): WorkerRegistry {
  const r = redis as Redis & RegistryCommands;
  if (typeof r.dosWorkerBeat !== 'function') {
    redis.defineCommand('dosWorkerBeat', { numberOfKeys: 2, lua: BEAT });
    redis.defineCommand('dosWorkersLive', { numberOfKeys: 2, lua: LIVE });
  }
  const beats = `${namespace}:workers:beats`;
  const info = `${namespace}:workers:info`;
  return {
    async beat(worker: WorkerInfo) {
      const { owner, host, pid, concurrency, startedAt } = worker;
      await r.dosWorkerBeat(beats, info, clock.now(), owner, JSON.stringify({ owner, host, pid, concurrency, startedAt }), ttlMs);
    },
    async list() {
      // A beat exactly at the cutoff is as old as the TTL: gone, as in the memory registry.
      const reply = await r.dosWorkersLive(beats, info, clock.now() - ttlMs);
      const live: LiveWorker[] = [];
      for (let i = 0; i < reply.length; i += 2) {
        const json = reply[i + 1];
        if (json) live.push({ ...(JSON.parse(json) as WorkerInfo), lastBeatAt: Number(reply[i]) });
      }
      return live.sort((a, b) => a.owner.localeCompare(b.owner));
    },
  };
}
