import type { MouseEvent } from 'react';

/** The first tab stop: moves focus past the navigation to the screen's content (WCAG 2.4.1, bypass blocks). */
export function SkipLink({ targetId }: { targetId: string }) {
  const skip = (e: MouseEvent) => {
    e.preventDefault();
    document.getElementById(targetId)?.focus();
  };
  return <a className="skip-link" href={`#${targetId}`} onClick={skip}>Skip to content</a>;
}
