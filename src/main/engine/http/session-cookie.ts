import type { FastifyRequest } from 'fastify';

/**
 * The browser session travels in a cookie so that a reload or a second tab stays signed in: HttpOnly (page
 * scripts never see it), SameSite=Strict (other sites' pages cannot send it), Path=/. API clients keep
 * using Authorization: Bearer; a header always wins over the cookie.
 */
export const SESSION_COOKIE = 'decisionos_session';

/** The session cookie's value, or undefined. Other cookies on the origin are ignored. */
export function sessionFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

export function setSessionCookie(key: string, expiresAt: string, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${key}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change sent with only the cookie must come from a page of this origin: its Origin header names this
 * host (browsers send Origin on every cross-origin request and on same-origin POSTs). SameSite=Strict
 * already keeps other sites' requests cookie-less; this also refuses sibling origins and old browsers.
 */
export function cookieChangeAllowed(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return request.headers['sec-fetch-site'] === 'same-origin';
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
