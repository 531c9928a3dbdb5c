import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapi';
import { API_DOCS_CSS, renderApiDocsPage } from './api-docs-page';
import { UI_HEADERS } from './ui-routes';

/** /openapi.json and its browsable page /docs, both public: they describe the API, they hold no data. */
export function registerApiDocsRoutes(app: FastifyInstance, o: { version: string }): void {
  const doc = buildOpenApiDocument({ version: o.version });
  const page = renderApiDocsPage(doc);
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(doc));
  app.get('/docs', async (_request, reply) => reply.headers(UI_HEADERS).type('text/html; charset=utf-8').send(page));
  app.get('/docs/docs.css', async (_request, reply) => reply.headers(UI_HEADERS).type('text/css; charset=utf-8').send(API_DOCS_CSS));
}
