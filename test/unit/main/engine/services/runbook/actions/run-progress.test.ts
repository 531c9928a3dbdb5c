import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { createRedisKeyValue } from '../../../../../../../src/main/engine/adapters/redis/redis-key-value';
import type { KeyValue } from '../../../../../../../src/main/engine/ports/key-value';
import { readRunProgress, withRunProgress } from '../../../../../../../src/main/engine/services/runbook/actions/run-progress';
import { tempDataDir } from '../../../../../../fixtures/engine';
import { connectRedisForTests, dropNamespace } from '../../../../../../contract/backends';

/** A promise the test resolves when it has looked at the run in the middle. */
function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const redis: Redis | null = await connectRedisForTests();
const namespace = `dos-test-${randomUUID()}`;
afterAll(async () => {
  if (!redis) return;
  await dropNamespace(redis, namespace);
  redis.disconnect();
});

const BACKENDS: { name: string; available: boolean; kv(): KeyValue }[] = [
  { name: 'SQLite', available: true, kv: () => createSqliteKeyValue(openDatabase(path.join(tempDataDir('dos-run-progress-'), 'kv.sqlite'))) },
  { name: 'Redis', available: redis !== null, kv: () => createRedisKeyValue(redis as Redis, `${namespace}-${randomUUID()}`) },
];

// Without a Redis (outside CI) connectRedisForTests says why in one line, and only SQLite runs.
describe.each(BACKENDS.filter((b) => b.available))('withRunProgress on $name', ({ kv }) => {
  it('keeps the latest step under the run id while the run runs, and removes it when it ends', async () => {
    const store = kv();
    const middle = gate();
    const running = withRunProgress(store, 'default', 'run-aaaa-1', 'retry-dead-letters', async (progress) => {
      progress(0, 3);
      progress(1, 3);
      progress(2, 3);
      await middle.opened;
      return 'done';
    });
    await expect.poll(() => readRunProgress(store, 'default', 'run-aaaa-1').catch(() => null)).toEqual({ run_id: 'run-aaaa-1', action_id: 'retry-dead-letters', done: 2, total: 3 });
    middle.open();
    expect(await running).toBe('done');
    await expect(readRunProgress(store, 'default', 'run-aaaa-1')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('is not visible from another workspace under the same run id', async () => {
    const store = kv();
    const middle = gate();
    const running = withRunProgress(store, 'tenant-a', 'run-shared-1', 'pause-worker', async (progress) => {
      progress(1, 1);
      await middle.opened;
    });
    await expect.poll(() => readRunProgress(store, 'tenant-a', 'run-shared-1').then((p) => p.done).catch(() => null)).toBe(1);
    await expect(readRunProgress(store, 'tenant-b', 'run-shared-1')).rejects.toMatchObject({ code: 'not_found' });
    middle.open();
    await running;
  });

  it('refuses a second run under a run id that is running (409), and frees the id when the first ends, also by failing', async () => {
    const store = kv();
    const middle = gate();
    const first = withRunProgress(store, 'default', 'run-twice-1', 'pause-worker', async () => {
      await middle.opened;
      throw new Error('the action failed');
    });
    await expect.poll(() => readRunProgress(store, 'default', 'run-twice-1').catch(() => null)).not.toBeNull();
    await expect(withRunProgress(store, 'default', 'run-twice-1', 'pause-worker', async () => 'second')).rejects.toMatchObject({ code: 'conflict' });
    middle.open();
    await expect(first).rejects.toThrow('the action failed');
    expect(await withRunProgress(store, 'default', 'run-twice-1', 'pause-worker', async () => 'again')).toBe('again');
  });
});
