import { createHttpClient, createIpcClient, type Client } from './client';
import { useSession } from '../stores/session';

/**
 * The one client the UI uses, picked once: IPC inside the Electron window (the preload's bridge exists),
 * HTTP with the session cookie in a browser (`npm run serve` / browser mode).
 */
export const inElectron = typeof window !== 'undefined' && window.decisionos !== undefined;

export const api: Client = inElectron
  ? createIpcClient(window.decisionos as NonNullable<Window['decisionos']>)
  : createHttpClient(window.location.origin, { onUnauthorized: (message) => useSession.getState().end(message) });
