import { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../../shared/errors';
import { OP_NAMES, contract, type OpName } from '../../../shared/contract';
import type { Dispatch } from '../services/access/dispatcher';
import type { EngineMetrics } from '../adapters/metrics';
import { newId } from '../services/ids';
import { createHostCheck } from './host-allowlist';
import { entityTag, matchesIfNoneMatch } from './entity-tag';
import { registerLiveEventsRoute } from './live-events-route';
import { registerUiRoutes } from './ui-routes';
import { registerApiDocsRoutes } from './api-docs-routes';
import { clearSessionCookie, cookieChangeAllowed, sessionFromCookie, setSessionCookie } from './session-cookie';
import type { Session } from '../../../shared/schemas/session';
import type { LiveEvents } from '../services/live-events';
import type { LiveStreams } from '../services/access/live-streams';
import type { Principal } from '../ports/records';

export interface HttpOptions {
  dispatch: Dispatch;
  metrics: EngineMetrics;
  logger: Logger;
  allowedHosts: readonly string[];
  bodyLimitBytes: number;
  metricsContentType: string;
  live: LiveEvents;
  streams: LiveStreams;
  authenticate(key: string | undefined): Promise<Principal>;
  /** The built renderer; served at / when it exists. */
  uiDir: string;
  /** The engine's version, for the OpenAPI document. */
  version: string;
  /** One info line per request: request_id, method, route, status, duration (DECISIONOS_ACCESS_LOG). */
  accessLog?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The key in Authorization or X-Api-Key; a header always wins over the browser's session cookie. */
function headerKey(headers: FastifyRequest['headers']): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header : undefined;
}

function presentedKey(headers: FastifyRequest['headers']): string | undefined {
  return headerKey(headers) ?? sessionFromCookie(headers.cookie);
}

function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: { code, message, request_id: String(reply.request.id) } };
  if (details !== undefined) body.error.details = details;
  if (details && typeof details === 'object' && 'retry_after_s' in details) {
    reply.header('retry-after', String((details as { retry_after_s: number }).retry_after_s));
  }
  return reply.code(ERROR_STATUS[code]).type('application/json').send(body);
}

/** Fastify's own errors (body parsing, limits) in our error shape. */
function fastifyErrorCode(error: FastifyError): { code: ErrorCode; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: 'the request body is larger than this server accepts' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', message: 'send the body as application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_json', message: 'the body is empty; send a JSON object' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'invalid_json', message: `the body is not valid JSON: ${error.message}` };
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return { code: 'invalid_json', message: `the body is not valid JSON: ${error.message}` };
  }
  return { code: 'internal', message: 'internal error; the request id is in the server log' };
}

/** Builds the HTTP API: one route per contract row (and its aliases), all through the dispatcher. */
export async function createHttpServer(o: HttpOptions): Promise<FastifyInstance> {
  const hostAllowed = createHostCheck(o.allowedHosts);
  const app = Fastify({
    loggerInstance: o.logger as FastifyBaseLogger,
    // Per-request log lines cost ~20 % of throughput; errors are still logged with their request id.
    // Every line logged for a request carries its id under the name the error bodies and audit events use.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    bodyLimit: o.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId('req');
    },
  });

  // The API speaks JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (!hostAllowed(request.headers.host)) {
      return sendError(reply, 'host_not_allowed', `host ${request.headers.host ?? '(none)'} is not served here; use 127.0.0.1 or localhost`);
    }
    const cookieOnly = headerKey(request.headers) === undefined && sessionFromCookie(request.headers.cookie) !== undefined;
    if (cookieOnly && !cookieChangeAllowed(request)) {
      return sendError(reply, 'forbidden', 'a change sent with the session cookie must come from a page of this origin');
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', code: String(reply.statusCode) };
    o.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    // A traced submission's line carries its trace id (from the traceresponse header its operation set).
    const traceId = /^00-([0-9a-f]{32})-/.exec(String(reply.getHeader('traceresponse') ?? ''))?.[1];
    const traced = traceId ? { trace_id: traceId } : {};
    if (reply.statusCode >= 500) request.log.error({ ...labels, ...traced }, 'request failed');
    else if (o.accessLog) {
      request.log.info({ method: request.method, route: labels.route, status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime * 100) / 100, ...traced }, 'request');
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(reply, error.code, error.message, error.details);
    const mapped = fastifyErrorCode(error);
    if (mapped.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, mapped.code, mapped.message);
  });

  const uiFallback = await registerUiRoutes(app, o.uiDir);
  app.setNotFoundHandler((request, reply) => {
    if (uiFallback(request, reply)) return reply;
    return sendError(reply, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
  });

  for (const name of OP_NAMES) registerOperation(app, name, o);
  registerApiDocsRoutes(app, { version: o.version });
  registerLiveEventsRoute(app, { live: o.live, streams: o.streams, authenticate: o.authenticate, presentedKey: (h) => presentedKey(h as FastifyRequest['headers']) });
  return app;
}

function registerOperation(app: FastifyInstance, name: OpName, o: HttpOptions): void {
  const op = contract[name];
  const paths = [op.path, ...('aliases' in op ? op.aliases : [])];
  const text = 'contentType' in op && op.contentType === 'text';
  const stream = 'contentType' in op && op.contentType === 'stream';
  const revalidate = 'revalidate' in op && op.revalidate === true;
  for (const url of paths) {
    app.route({
      method: op.method,
      url,
      handler: async (request, reply) => {
        const params = request.params as Record<string, string>;
        const rest = op.method === 'GET' ? request.query : request.body;
        if (rest !== undefined && rest !== null && (typeof rest !== 'object' || Array.isArray(rest))) {
          throw new AppError('validation_failed', 'the body must be a JSON object');
        }
        const raw = { ...(rest as object | undefined), ...params };
        // A client's W3C traceparent makes the submission's span a child of the client's (malformed ones are ignored there).
        const traceparent = request.headers.traceparent;
        const call = { requestId: String(request.id), ...(typeof traceparent === 'string' ? { traceparent } : {}) };
        const result = await o.dispatch(name, raw, { key: presentedKey(request.headers) }, call);
        if (result.headers) reply.headers(result.headers);
        if ('browserSession' in op) {
          const secure = request.protocol === 'https';
          const cookie = op.browserSession === 'start' ? setSessionCookie((result.body as Session).key, (result.body as Session).expires_at, secure) : clearSessionCookie(secure);
          reply.header('set-cookie', cookie);
        }
        reply.code(result.status ?? 200);
        if (text) return reply.type(o.metricsContentType).send(result.body);
        // Pulled as the socket drains (backpressure): a slow client slows the reads, nothing piles up in memory.
        if (stream) return reply.send(Readable.from(result.body as AsyncIterable<string>));
        if (revalidate && (result.status ?? 200) === 200) {
          // The tag is of the answer this key gets: another workspace's key asking the same URL gets its own.
          const json = JSON.stringify(result.body);
          const tag = entityTag(json);
          reply.headers({ etag: tag, 'cache-control': 'private, no-cache', vary: 'Authorization, Cookie' });
          if (matchesIfNoneMatch(request.headers['if-none-match'], tag)) return reply.code(304).send();
          return reply.type('application/json; charset=utf-8').send(json);
        }
        return result.body;
      },
    });
  }
}
