import net from 'node:net';

/**
 * Whether a load-test target is this machine, judged from the URL alone: an IPv4 literal in 127.0.0.0/8, the IPv6
 * literal ::1 (or its IPv4-mapped form of a 127 address), or `localhost`. Names are never resolved: a name that
 * resolves to loopback now may not when the requests go out (DNS rebinding), so it needs --i-own-this-engine.
 */
export function isLoopbackUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  const v6 = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : null;
  if (v6 === null || !net.isIPv6(v6)) return false;
  if (v6 === '::1') return true;
  // WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6);
}

/** The sentence a refused target gets, or null when the target may be loaded. */
export function targetRefusal(url: string, ownsEngine: boolean): string | null {
  try {
    const protocol = new URL(url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') return `--url must be an http or https URL, not '${url}'`;
  } catch {
    return `--url is not a URL: '${url}'`;
  }
  if (ownsEngine || isLoopbackUrl(url)) return null;
  return `refusing to load ${url}: it is not a loopback address (127.0.0.0/8, [::1] or localhost); pass --i-own-this-engine if the engine there is yours to load`;
}
