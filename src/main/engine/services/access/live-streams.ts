import { AppError } from '../../../../shared/errors';
import type { Principal } from '../../ports/records';

interface OpenStream {
  principal: Principal;
  close(): void;
}

/**
 * The open live-event streams, by API key. Caps how many one key may hold (each is a socket and a
 * subscriber), and closes the streams of a key that was revoked or a session that ended: at once on logout,
 * and within `checkIntervalMs` for a revocation made elsewhere (`decisionos keys revoke` writes the database).
 */
export class LiveStreams {
  private readonly byKey = new Map<string, Set<OpenStream>>();

  constructor(
    private readonly o: {
      maxPerKey: number;
      stillValid(principal: Principal): Promise<boolean>;
      log: { warn(obj: object, msg: string): void };
    },
  ) {}

  /** Registers a stream; returns how to forget it (call it when the stream closes on its own). */
  open(principal: Principal, close: () => void): () => void {
    const streams = this.byKey.get(principal.keyId) ?? new Set<OpenStream>();
    if (streams.size >= this.o.maxPerKey) {
      throw new AppError('too_many_streams', `this key already holds ${this.o.maxPerKey} live streams (DECISIONOS_MAX_STREAMS_PER_KEY); close one first`);
    }
    const stream: OpenStream = { principal, close };
    streams.add(stream);
    this.byKey.set(principal.keyId, streams);
    return () => this.forget(stream);
  }

  count(keyId: string): number {
    return this.byKey.get(keyId)?.size ?? 0;
  }

  /** Closes the streams of one session (logout). */
  endSession(sessionId: string): void {
    for (const streams of this.byKey.values()) {
      for (const s of streams) if (s.principal.sessionId === sessionId) this.end(s);
    }
  }

  /** Closes every stream whose key or session may no longer act. */
  async check(): Promise<void> {
    for (const streams of [...this.byKey.values()]) {
      for (const s of [...streams]) {
        if (!(await this.o.stillValid(s.principal))) {
          this.o.log.warn({ key_id: s.principal.keyId }, 'closed a live stream: its key was revoked or its session ended');
          this.end(s);
        }
      }
    }
  }

  /** Runs `check` every `intervalMs`; returns the stop function for the dispose stack. */
  schedule(intervalMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.check()
        .catch((error: unknown) => this.o.log.warn({ err: error }, 'could not check the live streams\' keys'))
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  closeAll(): void {
    for (const streams of [...this.byKey.values()]) for (const s of [...streams]) this.end(s);
  }

  private end(stream: OpenStream): void {
    this.forget(stream);
    stream.close();
  }

  private forget(stream: OpenStream): void {
    const streams = this.byKey.get(stream.principal.keyId);
    if (!streams) return;
    streams.delete(stream);
    if (streams.size === 0) this.byKey.delete(stream.principal.keyId);
  }
}
