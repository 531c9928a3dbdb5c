import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpIntegrationClient } from '../../../../../src/main/engine/adapters/http-integration-client';
import { IntegrationCallError } from '../../../../../src/main/engine/domain/integration-signals';
import { IntegrationConfig } from '../../../../../src/shared/schemas/integrations';

/** An upstream on loopback whose answer depends on the path; `sent` counts the bytes of streamed answers. */
let sent = 0;
let redirectTargetHits = 0;
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    switch (req.url) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"hit":true}');
        return;
      case '/problem':
        res.writeHead(200, { 'content-type': 'application/vnd.check+json' }).end('{"hit":false}');
        return;
      case '/redirect':
        res.writeHead(302, { location: '/target' }).end();
        return;
      case '/target':
        redirectTargetHits += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"hit":true}');
        return;
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>{"hit":true}</html>');
        return;
      case '/no-type':
        res.writeHead(200).end('{"hit":true}');
        return;
      case '/10k':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blob: 'x'.repeat(10_000) }));
        return;
      case '/endless': {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to refuse it by
        res.write('{"blob":"');
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        };
        res.on('drain', pump);
        pump();
        return;
      }
      default:
        res.writeHead(404).end('no such path');
    }
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => {
  upstream.close(() => resolve());
  upstream.closeAllConnections();
}));

const client = createHttpIntegrationClient({ maxResponseBytes: 64 * 1024 });
const integration = (path: string, over: Record<string, unknown> = {}) =>
  IntegrationConfig.parse({ name: 'upstream', url: `${base}${path}`, applies_to: ['payment_fraud_check'], ...over });
const failure = async (path: string, over: Record<string, unknown> = {}) => {
  const error = await client(integration(path, over), { inputs: {} }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrationCallError);
  return error as IntegrationCallError;
};

describe('the HTTP integration client', () => {
  it('returns the JSON object of an application/json or +json answer', async () => {
    expect(await client(integration('/ok'), {})).toEqual({ hit: true });
    expect(await client(integration('/problem'), {})).toEqual({ hit: false });
  });

  it('does not follow a redirect: missing_reason redirect, and the target is never asked', async () => {
    redirectTargetHits = 0;
    const error = await failure('/redirect');
    expect(error.reason).toBe('redirect');
    expect(error.message).toMatch(/HTTP 302 to \/target: redirects are not followed/);
    expect(redirectTargetHits).toBe(0);
  });

  it('refuses an answer that is not JSON by its content type as bad_response', async () => {
    expect(await failure('/html')).toMatchObject({ reason: 'bad_response', message: expect.stringMatching(/text\/html, not JSON/) });
    expect(await failure('/no-type')).toMatchObject({ reason: 'bad_response', message: expect.stringMatching(/missing, not JSON/) });
  });

  it('cuts an endless answer off at the cap, quickly, as bad_response', async () => {
    sent = 0;
    const started = performance.now();
    const error = await failure('/endless');
    expect(error).toMatchObject({ reason: 'bad_response', message: 'the answer is larger than 65536 bytes' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toBeLessThan(16 * 1024 * 1024); // the connection was closed, not read to the end
  });

  it('uses an integration\'s own max_response_bytes over the global cap', async () => {
    expect(await client(integration('/10k'), {})).toHaveProperty('blob');
    expect(await failure('/10k', { max_response_bytes: 4096 })).toMatchObject({ reason: 'bad_response', message: 'the answer is larger than 4096 bytes' });
  });

  it('reports an error status as fetch_error with the start of its answer', async () => {
    expect(await failure('/nope')).toMatchObject({ reason: 'fetch_error', message: 'HTTP 404: no such path' });
  });
});
