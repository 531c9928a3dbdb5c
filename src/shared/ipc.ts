import type { ErrorCode } from './errors';
import type { OpName, OpOutput } from './contract';
import type { LiveEvent } from './schemas/events';

/** The one IPC channel: every contract operation goes through it as (name, input). */
export const IPC_CHANNEL = 'decisionos:invoke';
/** Live events pushed from the main process to the window (see schemas/events.ts). */
export const IPC_EVENT_CHANNEL = 'decisionos:event';

/**
 * IPC replies are envelopes, never thrown errors: Electron forwards only a thrown error's message,
 * and the renderer needs the code.
 */
export type IpcReply<K extends OpName> =
  | { ok: true; data: OpOutput<K>; status: number; headers?: Record<string, string> }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

/** What the preload exposes as `window.decisionos`: invoke a contract operation by name, and live events. */
export type DecisionosBridge = {
  invoke<K extends OpName>(name: K, input: unknown): Promise<IpcReply<K>>;
  /** Live "something changed" events; returns the unsubscribe function. */
  onEvent(listener: (event: LiveEvent) => void): () => void;
};
