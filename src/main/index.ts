import os from 'node:os';
import path from 'node:path';
import { app, ipcMain, type BrowserWindow } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/ipc';
import { configFromEnv } from './engine/config';
import { startEngine, type Engine } from './engine/engine';
import { createIpcHandler, trustedSenderCheck } from './ipc';
import { createMainWindow } from './window';

/*
 * The Electron shell: one instance, one engine (same composition root as `decisionos serve`, any free
 * loopback port), one hardened window, one IPC handler bound to the contract. Live events go to the window.
 */
let engine: Engine | null = null;
let win: BrowserWindow | null = null;
let stopping = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  app.whenReady().then(async () => {
    engine = await startEngine(configFromEnv(process.env, { port: 0 }), {
      // Both are built next to this file by electron.config.ts (out/main, out/renderer).
      uiDir: path.join(import.meta.dirname, '../renderer'),
    });
    const url = engine.url as string;
    win = createMainWindow(url);
    const user = (() => {
      try {
        return os.userInfo().username || 'desktop-user';
      } catch {
        return 'desktop-user';
      }
    })();
    ipcMain.handle(
      IPC_CHANNEL,
      createIpcHandler({
        dispatch: engine.dispatch,
        // The person at this desktop is the local admin of the default workspace, as with the admin key file.
        principal: { keyId: 'desktop', workspaceId: 'default', name: user, scopes: ['admin', 'system'] },
        isTrustedSender: trustedSenderCheck(new URL(url).origin, () => win?.webContents.id ?? null),
        onInternalError: (error) => engine?.logger.error({ err: error }, 'IPC operation failed'),
      }),
    );
    engine.live.subscribe((event) => win?.webContents.send(IPC_EVENT_CHANNEL, event));
  }).catch((error: unknown) => {
    console.error('DecisionOS could not start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (stopping || !engine) return;
    event.preventDefault();
    stopping = true;
    void engine.stop().finally(() => app.quit());
  });
}
