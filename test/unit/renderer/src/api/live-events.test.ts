import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../../../../src/shared/schemas/events';

const AT = '2026-01-01T00:00:00.000Z';

/**
 * A fetch answering every call with an SSE stream of these chunks, as the network may cut them, left open as the
 * server leaves it (until the subscriber aborts): a second call means the client dropped the stream.
 */
function streamingFetch(chunks: string[]) {
  return vi.fn(async (_url: string, init?: RequestInit) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
}

async function subscribe(chunks: string[]) {
  const fetchMock = streamingFetch(chunks);
  vi.stubGlobal('fetch', fetchMock);
  const { subscribeLiveEvents } = await import('../../../../../src/renderer/src/api/live-events');
  const received: LiveEvent[] = [];
  const stop = subscribeLiveEvents((event) => received.push(event));
  return { received, stop, fetchMock };
}

beforeEach(() => {
  vi.resetModules();
  // The browser globals the renderer's modules read at import.
  vi.stubGlobal('window', { location: { origin: 'http://127.0.0.1:1' } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('subscribeLiveEvents (browser, Server-Sent Events)', () => {
  it('delivers change events in order from one stream, skipping comments', async () => {
    const { received, stop, fetchMock } = await subscribe([
      ': connected\n\n',
      `event: change\ndata: {"kind":"decisions","at":"${AT}"}\n\n`,
      ': keep-alive\n\n',
      `event: change\ndata: {"kind":"alerts","at":"${AT}"}\n\n`,
    ]);
    await vi.waitFor(() => expect(received.map((e) => e.kind)).toEqual(['decisions', 'alerts']));
    stop();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('reads events split across chunks, data spread over several lines, and CRLF line endings', async () => {
    const { received, stop, fetchMock } = await subscribe([
      'event: cha',
      `nge\ndata: {"kind":"decisions",`,
      `"at":"${AT}"}\n`,
      '\n',
      // One event whose JSON is written on two data lines: the spec joins them with a newline.
      `event: change\ndata: {"kind":"queue",\ndata: "at":"${AT}"}\n\n`,
      `event: change\r\ndata:{"kind":"tasks","at":"${AT}"}\r\n\r\n`,
    ]);
    await vi.waitFor(() => expect(received.map((e) => e.kind)).toEqual(['decisions', 'queue', 'tasks']), { timeout: 2_000 });
    stop();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('ignores an event that is not a live event instead of dropping the stream', async () => {
    const { received, stop, fetchMock } = await subscribe([
      'event: change\ndata: not json\n\n',
      `event: change\ndata: {"kind":"nonsense","at":"${AT}"}\n\n`,
      `event: change\ndata: {"kind":"policies","at":"${AT}"}\n\n`,
    ]);
    await vi.waitFor(() => expect(received.map((e) => e.kind)).toEqual(['policies']), { timeout: 2_000 });
    stop();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
