import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { recordWorkerRestarted, requestWorkerRestart, restartRequest, restartedWorkers } from '../../../../../../src/main/engine/services/runbook/worker-restart';

const kv = () => createSqliteKeyValue(openDatabase(':memory:'));
const ask = (owners: string[]) => ({ by: 'ann', reason: 'wedged', at: 1_000, owners });

describe('the worker restart request', () => {
  it('counts generations up and lists a worker as restarted only for its generation or a later one', async () => {
    const store = kv();
    expect(await requestWorkerRestart(store, ask(['w1', 'w2']))).toBe(1);
    expect(await restartedWorkers(store, ['w1', 'w2'], 1)).toEqual([]);
    await recordWorkerRestarted(store, 'w1', 1);
    expect(await restartedWorkers(store, ['w1', 'w2'], 1)).toEqual(['w1']);

    expect(await requestWorkerRestart(store, ask(['w1', 'w2']))).toBe(2);
    expect(await restartedWorkers(store, ['w1', 'w2'], 2)).toEqual([]); // w1 restarted for 1, not yet for 2
    await recordWorkerRestarted(store, 'w2', 2);
    await recordWorkerRestarted(store, 'w2', 1); // a late answer to the older request does not go back
    expect(await restartedWorkers(store, ['w1', 'w2'], 1)).toEqual(['w1', 'w2']);
    expect(await restartedWorkers(store, ['w1', 'w2'], 2)).toEqual(['w2']);
  });

  it('keeps only the workers asked now, so owners of stopped processes do not pile up', async () => {
    const store = kv();
    await requestWorkerRestart(store, ask(['gone', 'w1']));
    await recordWorkerRestarted(store, 'gone', 1);
    await recordWorkerRestarted(store, 'w1', 1);
    await requestWorkerRestart(store, ask(['w1']));
    expect((await restartRequest(store))?.restarted).toEqual({ w1: 1 });
    expect((await restartRequest(store))?.owners).toEqual(['w1']);
  });

  it('two requests at once both land: two generations, none lost', async () => {
    const store = kv();
    const generations = await Promise.all([requestWorkerRestart(store, ask(['w1'])), requestWorkerRestart(store, ask(['w1']))]);
    expect(generations.sort()).toEqual([1, 2]);
    expect((await restartRequest(store))?.generation).toBe(2);
  });
});
