/** Stats windows as the runbooks write them: `30m`, `1h`, `24h`, `7d`. */
export const WINDOW_PATTERN = /^(\d{1,4})([smhd])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const MAX_WINDOW_MS = 90 * UNIT_MS.d;

export function windowToMs(window: string): number {
  const match = WINDOW_PATTERN.exec(window);
  if (!match) throw new Error(`not a window: ${window}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
