import { createHash } from 'node:crypto';

/** A strong entity tag of a body: the same bytes, the same tag. */
export function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether an If-None-Match header names this tag (RFC 9110 13.1.2: a list, `*`, and weak comparison, so a `W/`
 * tag a proxy made of ours still matches).
 */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(tag));
}
