import { z } from 'zod';

/**
 * What an API key may do. `read` .. `admin` act inside the key's own workspace, and `admin` implies each of
 * them. `system` acts on what every workspace shares (the queue, breakers, alerting, integrations): `admin`
 * does NOT imply it, so one workspace's admin cannot steer the engine for all the others.
 */
export const SCOPES = ['read', 'submit', 'review', 'operate', 'admin', 'system'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** Operations open without a key (health probes, Prometheus scrapes). */
export type OpScope = Scope | 'public';

export function hasScope(granted: readonly Scope[], required: OpScope): boolean {
  if (required === 'public' || granted.includes(required)) return true;
  return required !== 'system' && granted.includes('admin');
}
