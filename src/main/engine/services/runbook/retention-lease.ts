import { AppError } from '../../../../shared/errors';
import type { Clock } from '../../ports/clock';
import type { KeyValue } from '../../ports/key-value';
import { createKvLock } from './kv-lock';
import { newId } from '../ids';

const LEASE = 'retention';
const TTL_MS = 5 * 60_000;
/** Renewed at most this often while a run reports progress (a renewal is a write). */
const RENEW_EVERY_MS = 30_000;

/**
 * One retention run at a time across every process (the hourly one, prune-now from any API process): two would
 * race for the same rows and neither's counts would mean anything. Throws conflict when another run holds it.
 */
export async function underRetentionLease<T>(kv: KeyValue, clock: Clock, fn: (renew: () => Promise<void>) => Promise<T>): Promise<T> {
  const lock = createKvLock(kv, clock);
  const owner = newId('retention');
  if (!(await lock.acquire(LEASE, owner, TTL_MS))) {
    throw new AppError('conflict', 'retention pruning is already running (the hourly run or another prune-now); try again when it has finished');
  }
  let renewedAt = clock.now();
  const renew = async () => {
    if (clock.now() - renewedAt < RENEW_EVERY_MS) return;
    renewedAt = clock.now();
    await lock.acquire(LEASE, owner, TTL_MS);
  };
  try {
    return await fn(renew);
  } finally {
    await lock.release(LEASE, owner);
  }
}
