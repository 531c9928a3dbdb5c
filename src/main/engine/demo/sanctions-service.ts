import http from 'node:http';

export interface DemoSanctionsService {
  url: string;
  /** Answers 503 from now on (a vendor outage), until `recover`. */
  fail(): void;
  recover(): void;
  close(): Promise<void>;
}

/**
 * A stand-in sanctions vendor for `npm run demo`, on loopback and labelled demo in every answer. It lets the demo
 * show the real integration path: calls, an outage that opens the breaker, and the recovery probe.
 */
export async function startDemoSanctionsService(): Promise<DemoSanctionsService> {
  let down = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (down) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('demo sanctions vendor: maintenance');
      let customer: string;
      try {
        customer = String((JSON.parse(body) as { inputs?: { customer_id?: unknown } }).inputs?.customer_id ?? '');
      } catch {
        return void res.writeHead(400).end('expected JSON');
      }
      const hit = customer.endsWith('13');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hit, score: hit ? 0.97 : 0.02, list: hit ? 'DEMO-LIST' : null, demo: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/check`,
    fail: () => void (down = true),
    recover: () => void (down = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
