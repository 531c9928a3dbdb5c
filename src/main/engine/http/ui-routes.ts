import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { matchUiRoute } from '../../../shared/ui-routes';

/** Served with every UI page: no inline or remote script, no framing, no sniffing. */
export const UI_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Whether a request is a browser loading a page (typing the URL, reload, a link opened in a new tab) rather
 * than a program asking for data. Browsers say so in Sec-Fetch-Mode; without it, an Accept that names
 * text/html does (curl sends a bare wildcard).
 */
export function isPageNavigation(headers: FastifyRequest['headers']): boolean {
  const mode = headers['sec-fetch-mode'];
  if (typeof mode === 'string') return mode === 'navigate';
  return (headers.accept ?? '').includes('text/html');
}

/**
 * The built renderer at /, and its deep links. A page navigation to a workstation page gets index.html even
 * where an API route shares the path (`/decisions/<id>`); API clients on that path still get JSON. A browser
 * GET for an unknown non-API path that wants HTML also gets the UI, which says there is no such page.
 * Returns the not-found fallback.
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
  const sendPage = (reply: FastifyReply): FastifyReply => {
    if (!built) return reply.code(503).type('text/plain').send('The UI is not built: run `npm run build` (npm start and npm run serve do it for you).\n');
    // The page is the same for every path; it must not be cached in place of the JSON an API client gets there.
    return reply.headers(UI_HEADERS).header('vary', 'Sec-Fetch-Mode, Accept').header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  };
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || reply.sent) return;
    const pathname = request.url.split('?')[0] as string;
    if (pathname === '/' || !isPageNavigation(request.headers) || matchUiRoute(pathname) === null) return;
    return sendPage(reply);
  });
  return (request, reply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || request.url.startsWith('/api/')) return false;
    sendPage(reply);
    return true;
  };
}
