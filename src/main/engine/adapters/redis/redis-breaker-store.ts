import type { Redis } from 'ioredis';
import { newBreaker, type BreakerRecord, type BreakerTransition } from '../../domain/breaker';
import type { BreakerStep, BreakerStore } from '../../ports/breaker-store';
import { ADMIT_SCRIPT, APPLY_SCRIPT, RECORD_SCRIPT } from './breaker-lua';

type StepReply = [record: string, transition: string];

type BreakerCommands = {
  dosBreakerAdmit(key: string, config: string, now: number): Promise<[...StepReply, allowed: number, probe: number]>;
  dosBreakerRecord(key: string, config: string, now: number, call: string): Promise<StepReply>;
  dosBreakerApply(key: string, now: number, action: string, reason: string, actor: string): Promise<StepReply>;
};

const stepOf = ([record, transition]: StepReply): BreakerStep => ({
  record: JSON.parse(record) as BreakerRecord,
  transition: transition === '' ? null : (JSON.parse(transition) as BreakerTransition),
});

/**
 * The breaker records on Redis, one JSON string per integration under `<ns>:breaker:<name>`. Every step is one Lua
 * script (breaker-lua.ts) that reads the record, runs the state machine and writes it back: Redis runs a script
 * alone, so the steps of every process are serialised with no retry loop.
 */
export function createRedisBreakerStore(redis: Redis, namespace: string): BreakerStore {
  const r = redis as Redis & BreakerCommands;
  if (typeof r.dosBreakerAdmit !== 'function') {
    redis.defineCommand('dosBreakerAdmit', { numberOfKeys: 1, lua: ADMIT_SCRIPT });
    redis.defineCommand('dosBreakerRecord', { numberOfKeys: 1, lua: RECORD_SCRIPT });
    redis.defineCommand('dosBreakerApply', { numberOfKeys: 1, lua: APPLY_SCRIPT });
  }
  const keyOf = (integration: string) => `${namespace}:breaker:${integration}`;
  return {
    async get(integration) {
      const text = await redis.get(keyOf(integration));
      return text === null ? newBreaker() : (JSON.parse(text) as BreakerRecord);
    },
    async admit(integration, config, now) {
      const [record, transition, allowed, probe] = await r.dosBreakerAdmit(keyOf(integration), JSON.stringify(config), now);
      return { ...stepOf([record, transition]), allowed: allowed === 1, probe: probe === 1 };
    },
    async record(integration, config, call, now) {
      return stepOf(await r.dosBreakerRecord(keyOf(integration), JSON.stringify(config), now, JSON.stringify(call)));
    },
    async apply(integration, change, now) {
      return stepOf(await r.dosBreakerApply(keyOf(integration), now, change.action, change.reason, change.actor));
    },
  };
}
