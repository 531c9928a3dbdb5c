import { expect, it } from 'vitest';
import type { WorkerInfo, WorkerRegistry } from '../../src/main/engine/ports/worker-registry';

export const REGISTRY_TTL_MS = 15_000;

/** Two handles on one registry (two processes, for a shared backend) and the clock they share, which the test moves. */
export type RegistryPair = () => { a: WorkerRegistry; b: WorkerRegistry; advance(ms: number): void; now(): number };

const info = (owner: string, over: Partial<WorkerInfo> = {}): WorkerInfo => ({
  owner,
  host: 'host-1',
  pid: 4242,
  concurrency: 4,
  startedAt: 1_750_000_000_000,
  ...over,
});

/** What every WorkerRegistry must do, with a TTL of REGISTRY_TTL_MS: `/ready` and `/api/queue` count on it. */
export function workerRegistryContract(pair: RegistryPair): void {
  it('lists nobody before the first beat', async () => {
    const { a } = pair();
    expect(await a.list()).toEqual([]);
  });

  it('lists a worker with what it said and when it last beat, by owner', async () => {
    const { a, now } = pair();
    await a.beat(info('w-b', { host: 'host-2', pid: 7, concurrency: 8 }));
    await a.beat(info('w-a'));
    expect(await a.list()).toEqual([
      { ...info('w-a'), lastBeatAt: now() },
      { ...info('w-b', { host: 'host-2', pid: 7, concurrency: 8 }), lastBeatAt: now() },
    ]);
  });

  it('a beat refreshes the entry: one row per owner with the latest info and time', async () => {
    const { a, advance, now } = pair();
    await a.beat(info('w-a', { concurrency: 2 }));
    advance(5_000);
    await a.beat(info('w-a', { concurrency: 6 }));
    expect(await a.list()).toEqual([{ ...info('w-a', { concurrency: 6 }), lastBeatAt: now() }]);
  });

  it('every process sees every worker that beats into the same registry', async () => {
    const { a, b } = pair();
    await a.beat(info('w-a'));
    await b.beat(info('w-b'));
    expect((await a.list()).map((w) => w.owner)).toEqual(['w-a', 'w-b']);
    expect((await b.list()).map((w) => w.owner)).toEqual(['w-a', 'w-b']);
  });

  it('drops a worker once its last beat is as old as the TTL; a worker that keeps beating stays', async () => {
    const { a, advance } = pair();
    await a.beat(info('w-quiet'));
    await a.beat(info('w-busy'));
    advance(REGISTRY_TTL_MS - 1);
    await a.beat(info('w-busy'));
    expect((await a.list()).map((w) => w.owner)).toEqual(['w-busy', 'w-quiet']);
    advance(1);
    expect((await a.list()).map((w) => w.owner)).toEqual(['w-busy']);
    advance(REGISTRY_TTL_MS);
    expect(await a.list()).toEqual([]);
  });

  it('a dropped worker that beats again is listed again', async () => {
    const { a, advance } = pair();
    await a.beat(info('w-a'));
    advance(REGISTRY_TTL_MS * 2);
    expect(await a.list()).toEqual([]);
    await a.beat(info('w-a'));
    expect((await a.list()).map((w) => w.owner)).toEqual(['w-a']);
  });
}
