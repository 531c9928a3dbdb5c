import { expect, it } from 'vitest';
import type { KeyValue } from '../../src/main/engine/ports/key-value';

/**
 * What every KeyValue adapter must do, whatever it runs on: the breakers, alert state and review claims rely
 * on these exact semantics (compare-and-set on a version; prefix listing in key order).
 */
export function keyValueContract(fresh: () => KeyValue): void {
  it('a missing key reads as null and lists as nothing', async () => {
    const kv = fresh();
    expect(await kv.get('nope')).toBeNull();
    expect(await kv.list('nope')).toEqual([]);
  });

  it('creates at version 1 only when the key is absent; a second create loses and changes nothing', async () => {
    const kv = fresh();
    expect(await kv.compareAndSet('breaker/a', null, { state: 'closed' })).toBe(1);
    expect(await kv.compareAndSet('breaker/a', null, { state: 'open' })).toBeNull();
    expect(await kv.get('breaker/a')).toEqual({ value: { state: 'closed' }, version: 1 });
  });

  it('writes on the current version and bumps it; a stale version loses and changes nothing', async () => {
    const kv = fresh();
    await kv.compareAndSet('k', null, 1);
    expect(await kv.compareAndSet('k', 1, 2)).toBe(2);
    expect(await kv.compareAndSet('k', 1, 3)).toBeNull();
    expect(await kv.compareAndSet('missing', 4, 3)).toBeNull();
    expect(await kv.get('k')).toEqual({ value: 2, version: 2 });
    expect(await kv.get('missing')).toBeNull();
  });

  it('lists exactly the keys under a prefix, in key order', async () => {
    const kv = fresh();
    for (const key of ['claim/ws-b/d2', 'claim/ws-a/d2', 'claim/ws-a/d1', 'claim/ws-ab/d1', 'other/ws-a/d1']) await kv.compareAndSet(key, null, { key });
    const listed = await kv.list('claim/ws-a/');
    expect(listed.map((e) => e.key)).toEqual(['claim/ws-a/d1', 'claim/ws-a/d2']);
    expect(listed[0]).toEqual({ key: 'claim/ws-a/d1', value: { key: 'claim/ws-a/d1' }, version: 1 });
    expect((await kv.list('claim/')).map((e) => e.key)).toEqual(['claim/ws-a/d1', 'claim/ws-a/d2', 'claim/ws-ab/d1', 'claim/ws-b/d2']);
  });

  it('removes only at the current version; a removed key can be created again from version 1', async () => {
    const kv = fresh();
    await kv.compareAndSet('r', null, 'a');
    await kv.compareAndSet('r', 1, 'b');
    expect(await kv.removeIfVersion('r', 1)).toBe(false);
    expect(await kv.get('r')).toEqual({ value: 'b', version: 2 });
    expect(await kv.removeIfVersion('r', 2)).toBe(true);
    expect(await kv.removeIfVersion('r', 2)).toBe(false);
    expect(await kv.get('r')).toBeNull();
    expect(await kv.list('r')).toEqual([]);
    expect(await kv.compareAndSet('r', null, 'c')).toBe(1);
  });

  it('keeps JSON values and odd keys intact', async () => {
    const kv = fresh();
    const value = { nested: { list: [1, 'two', null, true], text: 'Grüße, 東京 ✓' }, n: 1.5 };
    const key = 'odd key:with/slashes:and ümlauts';
    await kv.compareAndSet(key, null, value);
    expect(await kv.get(key)).toEqual({ value, version: 1 });
    expect((await kv.list('odd key:'))[0]?.value).toEqual(value);
  });

  it('twenty writers racing from the same version: exactly one wins', async () => {
    const kv = fresh();
    await kv.compareAndSet('race', null, 0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.compareAndSet('race', 1, i + 1)));
    const winners = results.filter((r) => r !== null);
    expect(winners).toEqual([2]);
    const stored = await kv.get<number>('race');
    expect(stored?.version).toBe(2);
    expect(results[(stored?.value as number) - 1]).toBe(2);
  });
}
