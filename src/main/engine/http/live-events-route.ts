import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { hasScope } from '../../../shared/scopes';
import { LIVE_EVENTS_PATH } from '../../../shared/schemas/events';
import type { Principal } from '../ports/records';
import type { LiveEvents } from '../services/live-events';
import type { LiveStreams } from '../services/access/live-streams';

/**
 * Server-Sent Events for the browser UI. The key comes in the Authorization header (the UI reads the
 * stream with fetch, so the key never sits in a URL or a log). A comment line every 15 s keeps proxies
 * from closing an idle stream. Each stream is registered with `streams`: capped per key, and ended when
 * its key is revoked or its session ends.
 */
export function registerLiveEventsRoute(
  app: FastifyInstance,
  o: {
    live: LiveEvents;
    streams: LiveStreams;
    authenticate(key: string | undefined): Promise<Principal>;
    presentedKey(headers: Record<string, unknown>): string | undefined;
  },
): void {
  app.get(LIVE_EVENTS_PATH, async (request, reply) => {
    const principal = await o.authenticate(o.presentedKey(request.headers));
    if (!hasScope(principal.scopes, 'read')) throw new AppError('forbidden', "live events need the 'read' scope");
    const res = reply.raw;
    const release = o.streams.open(principal, () => res.end());
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-request-id': String(request.id),
    });
    res.write(': connected\n\n');
    const unsubscribe = o.live.subscribe((event) => res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      release();
    };
    request.raw.on('close', close);
    res.on('close', close);
    res.on('error', close);
  });
}
