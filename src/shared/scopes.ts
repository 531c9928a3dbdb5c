import { z } from 'zod';

/** What an API key may do. `admin` implies every other scope. */
export const SCOPES = ['read', 'submit', 'review', 'operate', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** Operations open without a key (health probes, Prometheus scrapes). */
export type OpScope = Scope | 'public';

export function hasScope(granted: readonly Scope[], required: OpScope): boolean {
  return required === 'public' || granted.includes('admin') || granted.includes(required);
}
