import { describe, expect, it } from 'vitest';
import { RUNTIME_SETTINGS } from '../../../src/shared/runtime-settings';
import { BreakerSettings } from '../../../src/shared/schemas/integrations';

describe('RUNTIME_SETTINGS', () => {
  it("keeps each per-integration breaker setting within what an integration's breaker config accepts, under the same name", () => {
    const breakerSettings = Object.entries(RUNTIME_SETTINGS).filter(([, s]) => s.target === 'integration');
    expect(breakerSettings.map(([name]) => name)).toEqual(['failure_threshold', 'open_cooldown_seconds', 'half_open_probe_count']);
    for (const [name, s] of breakerSettings) {
      for (const value of [s.min, s.max]) expect([name, value, BreakerSettings.safeParse({ [name]: value }).success]).toEqual([name, value, true]);
    }
  });
});
