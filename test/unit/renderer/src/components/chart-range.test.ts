import { describe, expect, it } from 'vitest';
import { fitRangeToData, niceCeiling, timesWithValues, zeroBasedRange } from '../../../../../src/renderer/src/components/chart-range';

const HOUR = 3_600_000;
const end = Date.parse('2026-03-02T22:00:00Z');
const requested: [number, number] = [end - HOUR, end];

describe('the x range fits the data', () => {
  it('narrows the window to the samples when they cover only part of it', () => {
    expect(fitRangeToData(requested, [end - 300_000, end - 200_000, end - 10_000])).toEqual([end - 300_000, end - 10_000]);
  });

  it('never widens past the requested window, ignoring times outside it', () => {
    expect(fitRangeToData(requested, [end - 2 * HOUR, end - HOUR + 60_000, end - 60_000, end + 60_000])).toEqual([end - HOUR + 60_000, end - 60_000]);
  });

  it('keeps the requested window when nothing or a single moment falls inside it', () => {
    expect(fitRangeToData(requested, [])).toEqual(requested);
    expect(fitRangeToData(requested, [end - 5_000])).toEqual(requested);
  });

  it('counts a sample time only where some line has a value', () => {
    expect(timesWithValues([1, 2, 3, 4], [[null, 5, null, null], [null, null, 0, null]])).toEqual([2, 3]);
  });
});

describe('the y range starts at 0', () => {
  it('runs from 0 to a round number at or above the largest value', () => {
    expect(zeroBasedRange(3, 7)).toEqual([0, 8]);
    expect(zeroBasedRange(0, 1234)).toEqual([0, 1500]);
    expect(zeroBasedRange(0.01, 0.07)).toEqual([0, 0.08]);
  });

  it('shows 0 to 1 for a flat line at zero or no values, and goes below 0 only for negative values', () => {
    expect(zeroBasedRange(0, 0)).toEqual([0, 1]);
    expect(zeroBasedRange(null, null)).toEqual([0, 1]);
    expect(zeroBasedRange(-3, 10)).toEqual([-3, 10]);
  });

  it('rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten', () => {
    expect([1, 11, 13, 19, 21, 26, 35, 45, 55, 70, 90, 100].map(niceCeiling)).toEqual([1, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 100]);
  });
});
