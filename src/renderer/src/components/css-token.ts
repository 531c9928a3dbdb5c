/**
 * The current theme's value of a design token (a CSS custom property such as `--series-1`). Canvas drawing
 * (uPlot) takes colours, not `var(...)`: screens name tokens, and the chart reads them when it draws.
 */
export function cssToken(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
