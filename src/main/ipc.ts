import { AppError } from '../shared/errors';
import { contract, type OpDef, type OpName } from '../shared/contract';
import type { IpcReply } from '../shared/ipc';
import type { Dispatch, Principal } from './engine/engine';

/** The parts of Electron's IpcMainInvokeEvent the guard reads (kept minimal so it is testable without Electron). */
export interface IpcSenderInfo {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

/**
 * Trusted only when the message comes from the app's own window and from a frame showing the app's origin:
 * a navigated-away or injected frame gets nothing, even inside our window.
 */
export function trustedSenderCheck(appOrigin: string, windowId: () => number | null): (event: IpcSenderInfo) => boolean {
  return (event) => {
    const id = windowId();
    if (id === null || event.sender.id !== id || !event.senderFrame) return false;
    try {
      return new URL(event.senderFrame.url).origin === appOrigin;
    } catch {
      return false;
    }
  };
}

/**
 * The one IPC handler: sender check, known operation, then the same dispatcher as HTTP (scope check and the
 * row's zod schema). Replies are envelopes: Electron forwards only a thrown error's message, not its code.
 */
export function createIpcHandler(o: {
  dispatch: Dispatch;
  principal: Principal;
  isTrustedSender(event: IpcSenderInfo): boolean;
  onInternalError?(error: unknown): void;
}): (event: IpcSenderInfo, name: unknown, input: unknown) => Promise<IpcReply<OpName>> {
  return async (event, name, input) => {
    if (!o.isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC is only answered for the app window' } };
    }
    if (typeof name !== 'string' || !Object.hasOwn(contract, name)) {
      return { ok: false, error: { code: 'not_found', message: `no operation ${String(name).slice(0, 64)}` } };
    }
    try {
      const result = await o.dispatch(name as OpName, input, { principal: o.principal });
      if ((contract[name as OpName] as OpDef).contentType === 'stream') {
        // A stream cannot cross IPC. Its body is read lazily, so nothing was read (or audited): the desktop runs the
        // export-audit action (a file in the data dir) instead.
        return { ok: false, error: { code: 'bad_request', message: `${name} is a streamed download: fetch it over HTTP (${contract[name as OpName].path}) or run the export-audit action` } };
      }
      return { ok: true, data: result.body, status: result.status ?? 200, ...(result.headers ? { headers: result.headers } : {}) };
    } catch (error) {
      if (error instanceof AppError) {
        return { ok: false, error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
      }
      o.onInternalError?.(error);
      return { ok: false, error: { code: 'internal', message: 'internal error; see the application log' } };
    }
  };
}
