import { describe, expect, it } from 'vitest';
import {
  COUNT_TICK_STEPS, TIME_TICK_STEPS_SECONDS, decimalsFor, formatUtcClock, formatUtcTicks, formatUtcWindow, formatYTicks, formatYValue,
} from '../../../../../src/renderer/src/components/chart-axis-format';

describe('y axis labels', () => {
  it('writes counts with thousands separators and never in exponent notation', () => {
    expect(formatYTicks([0, 1000, 2000, 1_500_000], 'count', 1000)).toEqual(['0', '1,000', '2,000', '1,500,000']);
  });

  it('writes durations under a second in ms and switches the whole axis to s once it reaches a second', () => {
    expect(formatYTicks([0, 250, 500], 'ms', 250)).toEqual(['0 ms', '250 ms', '500 ms']);
    expect(formatYTicks([0, 500, 1000, 1500], 'ms', 500)).toEqual(['0.0 s', '0.5 s', '1.0 s', '1.5 s']);
    expect(formatYTicks([0, 2000, 4000], 'ms', 2000)).toEqual(['0 s', '2 s', '4 s']);
  });

  it('gives rates per second as many decimals as the tick step needs', () => {
    expect(formatYTicks([0, 0.25, 0.5], 'per-second', 0.25)).toEqual(['0.00/s', '0.25/s', '0.50/s']);
    expect(formatYTicks([0, 1000, 2000], 'per-second', 1000)).toEqual(['0/s', '1,000/s', '2,000/s']);
  });

  it('counts the decimals a step needs', () => {
    expect([decimalsFor(5), decimalsFor(0.5), decimalsFor(0.25), decimalsFor(0.001)]).toEqual([0, 1, 2, 3]);
  });

  it('steps whole counts by 1, 2 and 5 times a power of ten', () => {
    expect(COUNT_TICK_STEPS.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(COUNT_TICK_STEPS.every(Number.isInteger)).toBe(true);
  });

  it('shows one value under the cursor in its unit', () => {
    expect(formatYValue(1234, 'count')).toBe('1,234');
    expect(formatYValue(87.4, 'ms')).toBe('87 ms');
    expect(formatYValue(12_345, 'ms')).toBe('12.35 s');
    expect(formatYValue(3.456, 'per-second')).toBe('3.46/s');
  });
});

describe('x axis labels', () => {
  const t = Date.parse('2026-03-02T22:17:40Z') / 1000;

  it('writes 24-hour UTC times, with seconds only when ticks are under a minute apart', () => {
    expect(formatUtcTicks([t], 600)).toEqual(['22:17']);
    expect(formatUtcTicks([t], 15)).toEqual(['22:17:40']);
    expect(formatUtcTicks([t], 86_400)).toEqual(['03-02']);
  });

  it('steps time ticks by whole seconds at the finest, so no two neighbouring labels read the same', () => {
    expect(Math.min(...TIME_TICK_STEPS_SECONDS)).toBe(1);
    expect(TIME_TICK_STEPS_SECONDS.every(Number.isInteger)).toBe(true);
    const ticks = [0, 1, 2].map((i) => t + i * TIME_TICK_STEPS_SECONDS[0]!);
    expect(new Set(formatUtcTicks(ticks, TIME_TICK_STEPS_SECONDS[0]!)).size).toBe(3);
  });

  it('shows the window when the cursor is off the chart, with dates when it crosses midnight', () => {
    const to = Date.parse('2026-03-02T23:17:40Z');
    expect(formatUtcWindow(to - 3_600_000, to)).toBe('22:17:40–23:17:40');
    expect(formatUtcWindow(to, to + 3_600_000)).toBe('03-02 23:17:40–03-03 00:17:40');
    expect(formatUtcClock(to)).toBe('23:17:40');
  });
});
