import { LIVE_EVENTS_PATH, LiveEvent } from '../../../shared/schemas/events';
import { inElectron } from './transport';
import { sessionKey } from '../stores/session';

/**
 * Subscribes to "something changed" events: the IPC channel in Electron, Server-Sent Events read with
 * fetch in a browser (fetch, not EventSource, so the key goes in a header). Reconnects with backoff.
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
        const key = sessionKey();
        const response = await fetch(LIVE_EVENTS_PATH, {
          headers: key ? { authorization: `Bearer ${key}` } : {},
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        delay = 500;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            const parsed = LiveEvent.safeParse(JSON.parse(data.slice(6)));
            if (parsed.success) listener(parsed.data);
          }
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
