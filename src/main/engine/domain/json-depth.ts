/** How deep a request's JSON may nest: far beyond any real input, far below what recursive validation survives. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Whether a parsed value nests deeper than `max` (objects and arrays count one level each). Walks with an
 * explicit stack, not recursion, so the check itself cannot overflow on the hostile input it exists to refuse.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
