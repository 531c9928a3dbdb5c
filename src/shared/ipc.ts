import type { ErrorCode } from './errors';
import type { OpName, OpOutput } from './contract';

/** The one IPC channel: every contract operation goes through it as (name, input). */
export const IPC_CHANNEL = 'decisionos:invoke';

/**
 * IPC replies are envelopes, never thrown errors: Electron forwards only a thrown error's message,
 * and the renderer needs the code.
 */
export type IpcReply<K extends OpName> =
  | { ok: true; data: OpOutput<K>; status: number; headers?: Record<string, string> }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

/** What the preload exposes as `window.decisionos`: one function per contract operation. */
export type DecisionosBridge = {
  invoke<K extends OpName>(name: K, input: unknown): Promise<IpcReply<K>>;
};
