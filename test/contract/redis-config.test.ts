import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { readMaxmemoryPolicy } from '../../src/main/engine/adapters/redis/redis-config';
import { evictionProblem } from '../../src/main/engine/domain/redis-eviction';
import { connectRedisForTests } from './backends';

const redis = await connectRedisForTests();
describe.skipIf(redis === null)('Redis maxmemory-policy probe', () => {
  afterAll(() => redis?.disconnect());

  it('reads the live server\'s policy and judges it; a changed policy is seen at once', async () => {
    const r = redis as Redis;
    const original = await readMaxmemoryPolicy(r);
    expect(original).toMatch(/^[a-z-]+$/);
    try {
      await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(evictionProblem(await readMaxmemoryPolicy(r))).toContain('allkeys-lru');
      await r.config('SET', 'maxmemory-policy', 'noeviction');
      expect(evictionProblem(await readMaxmemoryPolicy(r))).toBeNull();
    } finally {
      await r.config('SET', 'maxmemory-policy', original as string);
    }
  });
});
