/**
 * When each request of an open-loop run is due, in ms from the start: evenly spaced at `rate` per second over
 * `durationMs`, whatever the answers do. The count is rounded down, so a run never sends above the rate.
 */
export function openLoopSchedule(rate: number, durationMs: number): number[] {
  const count = Math.floor((rate * durationMs) / 1000);
  const gap = 1000 / rate;
  return Array.from({ length: count }, (_, i) => i * gap);
}
