import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { requestWorkerRestart, restartedWorkers } from '../../../../../src/main/engine/services/runbook/worker-restart';
import { watchWorkerRestarts } from '../../../../../src/main/engine/runtime/worker-restarts';

const quiet = { info: () => undefined, warn: () => undefined };

function fakeWorker() {
  const steps: string[] = [];
  return { steps, stop: async () => void steps.push('stop'), start: () => void steps.push('start') };
}

describe('watchWorkerRestarts', () => {
  it('ignores a request made before it started, restarts (stop, then start) for a new one that lists it, and says so', async () => {
    const kv = createSqliteKeyValue(openDatabase(':memory:'));
    await requestWorkerRestart(kv, { by: 'ann', reason: 'old', at: 1, owners: ['me'] });
    const worker = fakeWorker();
    const stop = await watchWorkerRestarts({ worker, kv, owner: 'me', logger: quiet, intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 50));
    expect(worker.steps).toEqual([]);

    const generation = await requestWorkerRestart(kv, { by: 'ann', reason: 'wedged', at: 2, owners: ['me'] });
    await expect.poll(() => restartedWorkers(kv, ['me'], generation)).toEqual(['me']);
    expect(worker.steps).toEqual(['stop', 'start']);
    await stop();
  });

  it('leaves alone a worker the request does not list', async () => {
    const kv = createSqliteKeyValue(openDatabase(':memory:'));
    const worker = fakeWorker();
    const stop = await watchWorkerRestarts({ worker, kv, owner: 'me', logger: quiet, intervalMs: 10 });
    const generation = await requestWorkerRestart(kv, { by: 'ann', reason: 'wedged', at: 2, owners: ['someone-else'] });
    await new Promise((r) => setTimeout(r, 60));
    expect(worker.steps).toEqual([]);
    expect(await restartedWorkers(kv, ['me'], generation)).toEqual([]);
    await stop();
  });

  it('once stopped, does not restart the worker any more', async () => {
    const kv = createSqliteKeyValue(openDatabase(':memory:'));
    const worker = fakeWorker();
    const stop = await watchWorkerRestarts({ worker, kv, owner: 'me', logger: quiet, intervalMs: 10 });
    await stop();
    await requestWorkerRestart(kv, { by: 'ann', reason: 'wedged', at: 2, owners: ['me'] });
    await new Promise((r) => setTimeout(r, 60));
    expect(worker.steps).toEqual([]);
  });
});
