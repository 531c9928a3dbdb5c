import type { Clock } from '../../ports/clock';
import type { KeyValue } from '../../ports/key-value';
import type { Lock } from '../../ports/lock';

interface Lease {
  owner: string;
  until: number;
}

const keyOf = (name: string) => `lock/${name}`;

/**
 * Leases on the shared key-value store: every change is a compare-and-set on the lease's version, so two
 * processes asking at once cannot both get it, on SQLite or on Redis alike.
 */
export function createKvLock(kv: KeyValue, clock: Clock): Lock {
  return {
    async acquire(name, owner, ttlMs) {
      const stored = await kv.get<Lease>(keyOf(name));
      const now = clock.now();
      if (stored && stored.value.owner !== owner && stored.value.until > now) return false;
      return (await kv.compareAndSet<Lease>(keyOf(name), stored?.version ?? null, { owner, until: now + ttlMs })) !== null;
    },
    async release(name, owner) {
      const stored = await kv.get<Lease>(keyOf(name));
      if (!stored || stored.value.owner !== owner || stored.value.until <= clock.now()) return false;
      return kv.removeIfVersion(keyOf(name), stored.version);
    },
  };
}
