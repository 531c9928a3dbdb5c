/** Times in ms since epoch: [from, to]. */
export type TimeRange = [number, number];

/** The sample times where at least one line has a value. */
export function timesWithValues(at: number[], lines: (number | null)[][]): number[] {
  return at.filter((_, i) => lines.some((values) => values[i] !== null && values[i] !== undefined));
}

/**
 * The x range to draw: the requested window, narrowed to the times that have something to show when those cover
 * less of it (a fresh engine has minutes of samples, not the hour asked for). Never wider than the request; the
 * request as is when nothing, or a single moment, falls inside it.
 */
export function fitRangeToData(requested: TimeRange, times: number[]): TimeRange {
  const [from, to] = requested;
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    if (t < from || t > to) continue;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (!(last > first)) return requested;
  return [first, last];
}

const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "round" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above `value` > 0. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = NICE_STEPS.find((s) => s * power >= value - power * 1e-9) ?? 10;
  return Number((step * power).toPrecision(12));
}

/** The y range: from 0 (counts, rates and durations are read against zero) up to a round number above the data. */
export function zeroBasedRange(min: number | null, max: number | null): [number, number] {
  const low = min !== null && min < 0 ? -niceCeiling(-min) : 0;
  const high = max !== null && max > 0 ? niceCeiling(max) : 1;
  return [low, high];
}
