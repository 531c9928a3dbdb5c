import { EventSourceParserStream } from 'eventsource-parser/stream';
import { LIVE_EVENTS_PATH, LiveEvent } from '../../../shared/schemas/events';
import { inElectron } from './transport';

/**
 * Subscribes to "something changed" events: the IPC channel in Electron, Server-Sent Events read with
 * fetch in a browser (the session cookie authenticates it). Reconnects with backoff.
 */
export function subscribeLiveEvents(listener: (event: LiveEvent) => void): () => void {
  if (inElectron) return (window.decisionos as NonNullable<Window['decisionos']>).onEvent(listener);

  let stopped = false;
  let controller: AbortController | null = null;
  let delay = 500;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(LIVE_EVENTS_PATH, { signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        delay = 500;
        // eventsource-parser follows the SSE spec: events split across chunks, multi-line data, CR/LF endings.
        const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
        const reader = events.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value.event !== undefined && value.event !== 'change') continue;
          const parsed = LiveEvent.safeParse(parseJson(value.data));
          if (parsed.success) listener(parsed.data);
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
