import type { MouseEvent, ReactNode } from 'react';
import { useRoute } from '../stores/route';

/** An in-app link: a real href (open in new tab works) that navigates without a reload. */
export function Link({ to, children, current, title }: { to: string; children: ReactNode; current?: boolean; title?: string }) {
  const navigate = useRoute((s) => s.navigate);
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} aria-current={current ? 'page' : undefined} title={title}>{children}</a>;
}
