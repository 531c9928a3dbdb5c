import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

const positions = new Map<string, number>();

/**
 * Remembers where a list was scrolled, per view (`key`: the path and its filters), and puts it back when the
 * view is shown again, e.g. on Back from a row's page. Restores once, when the rows are there (`ready`).
 * Returns the remembered offset too: a virtualizer scrolls to its own initial offset when it attaches, so
 * it must be given this one.
 */
export function useScrollMemory(ref: RefObject<HTMLElement | null>, key: string, ready: boolean): number {
  const restored = useRef<string | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const save = () => positions.set(key, el.scrollTop);
    el.addEventListener('scroll', save, { passive: true });
    return () => el.removeEventListener('scroll', save);
  }, [ref, key]);
  useLayoutEffect(() => {
    if (!ready || restored.current === key) return;
    restored.current = key;
    const top = positions.get(key);
    if (top !== undefined && ref.current) ref.current.scrollTop = top;
  }, [ref, key, ready]);
  return positions.get(key) ?? 0;
}
