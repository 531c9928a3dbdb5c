/** What a chart's y values measure: whole counts, a rate per second, or a duration in milliseconds. */
export type YUnit = 'count' | 'per-second' | 'ms';

const NUMBER_LOCALE = 'en-US';

/** The fewest decimals that write `step` exactly (0.25 → 2, 5 → 0), so neighbouring ticks never read the same. */
export function decimalsFor(step: number): number {
  for (let d = 0; d < 6; d += 1) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 6;
}

function grouped(value: number, decimals: number): string {
  return value.toLocaleString(NUMBER_LOCALE, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * The y axis labels: one unit for the whole axis, thousands separators, never exponent notation. Durations switch
 * from ms to s once the axis reaches a second, so 1,500 ms reads "1.5 s".
 */
export function formatYTicks(ticks: number[], unit: YUnit, step: number): string[] {
  if (unit === 'ms') {
    const top = Math.max(0, ...ticks.map(Math.abs));
    if (top >= 1000) return ticks.map((t) => `${grouped(t / 1000, decimalsFor(step / 1000))} s`);
    return ticks.map((t) => `${grouped(t, decimalsFor(step))} ms`);
  }
  const decimals = unit === 'count' ? 0 : decimalsFor(step);
  return ticks.map((t) => `${grouped(t, decimals)}${unit === 'per-second' ? '/s' : ''}`);
}

/** One value as the legend shows it under the cursor. */
export function formatYValue(value: number, unit: YUnit): string {
  if (unit === 'ms') return Math.abs(value) >= 1000 ? `${grouped(value / 1000, 2)} s` : `${grouped(Math.round(value), 0)} ms`;
  if (unit === 'count') return grouped(value, Number.isInteger(value) ? 0 : 1);
  return `${grouped(value, Math.abs(value) >= 100 ? 0 : 2)}/s`;
}

/** Tick steps for whole counts: a queue never holds half a job. */
export const COUNT_TICK_STEPS: number[] = Array.from({ length: 10 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();

const iso = (ms: number): string => new Date(ms).toISOString();

/** Steps between time ticks, in seconds: whole seconds at the finest, since the labels show no fractions. */
export const TIME_TICK_STEPS_SECONDS: number[] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** x axis labels in 24-hour UTC: seconds only when the ticks are less than a minute apart, the date once a day apart. */
export function formatUtcTicks(ticksSeconds: number[], stepSeconds: number): string[] {
  return ticksSeconds.map((s) => {
    const t = iso(s * 1000);
    if (stepSeconds >= 86_400) return t.slice(5, 10);
    return stepSeconds < 60 ? t.slice(11, 19) : t.slice(11, 16);
  });
}

/** A moment as the legend shows it under the cursor, e.g. "14:05:09". */
export function formatUtcClock(ms: number): string {
  return iso(ms).slice(11, 19);
}

/** A chart's window, e.g. "13:05:09–14:05:09" (dates added when it crosses midnight); the legend's label says UTC. */
export function formatUtcWindow(fromMs: number, toMs: number): string {
  const a = iso(fromMs);
  const b = iso(toMs);
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a.slice(11, 19)}–${b.slice(11, 19)}`;
  return `${a.slice(5, 10)} ${a.slice(11, 19)}–${b.slice(5, 10)} ${b.slice(11, 19)}`;
}
