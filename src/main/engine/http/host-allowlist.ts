/**
 * DNS-rebinding guard: a page on evil.example that resolves to 127.0.0.1 still sends `Host: evil.example`.
 * Only loopback names (and names the operator adds) are served.
 */
export function createHostCheck(extraHosts: readonly string[]): (hostHeader: string | undefined) => boolean {
  const allowed = new Set(['localhost', '127.0.0.1', '[::1]', '::1', ...extraHosts.map((h) => h.toLowerCase())]);
  return (hostHeader) => {
    if (!hostHeader) return false;
    const host = hostHeader.toLowerCase();
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
    return name !== undefined && allowed.has(name);
  };
}
