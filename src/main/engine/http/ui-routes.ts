import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Served with every UI page: no inline or remote script, no framing, no sniffing. */
export const UI_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The built renderer at /, and its deep links: a browser GET for an unknown non-API path that wants HTML
 * gets index.html, so /decisions?status=blocked opens that view. Returns the not-found fallback for HTML.
 */
export async function registerUiRoutes(app: FastifyInstance, uiDir: string): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const built = fs.existsSync(path.join(uiDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: uiDir,
      wildcard: false,
      index: ['index.html'],
      setHeaders: (res) => {
        for (const [k, v] of Object.entries(UI_HEADERS)) res.raw.setHeader(k, v);
      },
    });
  }
  return (request, reply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || request.url.startsWith('/api/')) return false;
    if (!built) {
      reply.code(503).type('text/plain').send('The UI is not built: run `npm run build` (npm start and npm run serve do it for you).\n');
      return true;
    }
    reply.headers(UI_HEADERS).type('text/html').sendFile('index.html');
    return true;
  };
}
