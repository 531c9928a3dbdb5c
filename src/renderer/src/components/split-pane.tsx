import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const MIN = 20;
const MAX = 75;
const clamp = (pct: number) => Math.round(Math.min(MAX, Math.max(MIN, pct)));

function remembered(id: string, initial: number): number {
  const stored = Number(window.localStorage.getItem(`decisionos.split.${id}`));
  return Number.isFinite(stored) && stored >= MIN && stored <= MAX ? stored : initial;
}

/**
 * Two panes side by side with a divider the user drags (or moves with the arrow keys when it has focus) to give
 * either more room. The share of the first pane is remembered per screen.
 */
export function SplitPane({ id, className, label, initial = 40, children }: { id: string; className: string; label: string; initial?: number; children: [ReactNode, ReactNode] }) {
  const [pct, setPct] = useState(() => remembered(id, initial));
  const box = useRef<HTMLDivElement>(null);
  const set = (next: number) => {
    const v = clamp(next);
    setPct(v);
    window.localStorage.setItem(`decisionos.split.${id}`, String(v));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId) || !box.current) return;
    const r = box.current.getBoundingClientRect();
    set(((e.clientX - r.left) / r.width) * 100);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowLeft' ? -2 : e.key === 'ArrowRight' ? 2 : 0;
    if (step === 0) return;
    e.preventDefault();
    e.stopPropagation();
    set(pct + step);
  };
  return (
    <div ref={box} className={`${className} split`} style={{ '--split': `${pct}%` } as CSSProperties}>
      {children[0]}
      <div
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuenow={pct}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      />
      {children[1]}
    </div>
  );
}
