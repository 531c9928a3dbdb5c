import { describe, expect, it } from 'vitest';
import { openLoopSchedule } from '../../../../../src/main/engine/domain/open-loop-schedule';

describe('openLoopSchedule', () => {
  it('spaces rate x duration requests evenly from 0', () => {
    expect(openLoopSchedule(4, 1000)).toEqual([0, 250, 500, 750]);
    expect(openLoopSchedule(10, 2000)).toHaveLength(20);
  });

  it('rounds the count down so the run never goes above the rate', () => {
    expect(openLoopSchedule(3, 500)).toHaveLength(1);
    expect(openLoopSchedule(1, 999)).toEqual([]);
  });

  it('keeps every request inside the duration', () => {
    const s = openLoopSchedule(7, 3000);
    expect(Math.max(...s)).toBeLessThan(3000);
  });
});
