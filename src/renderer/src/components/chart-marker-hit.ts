/** How far (CSS px) from a marker line the pointer may be and still point at it. */
export const MARKER_HIT_PX = 6;

/**
 * The marker the pointer is on: the one whose line is nearest to `pointerX` within `tolerance` px, or null.
 * `xOf` places a marker on the plot in the same pixels as the pointer.
 */
export function markerAt<T>(markers: readonly T[], xOf: (m: T) => number, pointerX: number, tolerance = MARKER_HIT_PX): T | null {
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const m of markers) {
    const distance = Math.abs(xOf(m) - pointerX);
    if (distance <= tolerance && distance < bestDistance) {
      best = m;
      bestDistance = distance;
    }
  }
  return best;
}
