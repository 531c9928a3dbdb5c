import { describe, expect, it } from 'vitest';
import { evictionProblem } from '../../../../../src/main/engine/domain/redis-eviction';

describe('evictionProblem', () => {
  it('accepts only noeviction', () => {
    expect(evictionProblem('noeviction')).toBeNull();
  });

  it('refuses every evicting policy, naming it and the way out', () => {
    for (const policy of ['allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-ttl', 'allkeys-random']) {
      const problem = evictionProblem(policy);
      expect(problem).toContain(`maxmemory-policy ${policy}`);
      expect(problem).toContain('--allow-evicting-redis');
    }
  });

  it('refuses a Redis that will not say, rather than guessing', () => {
    expect(evictionProblem(null)).toMatch(/cannot tell/);
  });
});
