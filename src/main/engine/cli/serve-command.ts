import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../config';
import { ADMIN_KEY_FILE, startEngine } from '../engine';
import { openInBrowser } from './open-browser';
import type { Principal } from '../ports/records';
import type { AuditStore } from '../ports/audit-store';
import { localAdminPrincipal } from '../services/access/keys';

export interface ServeOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  /** false with --no-worker (commander's negated option). */
  worker?: boolean;
  allowEvictingRedis?: boolean;
}

/**
 * Headless mode: engine + HTTP API + UI until SIGINT/SIGTERM, then a clean stop within 10 s. The banner and the
 * login link go to stderr: stdout is the log stream (only JSON lines in production).
 */
export async function serveCommand(o: ServeOptions, ui: { openBrowser?: boolean } = {}): Promise<number> {
  const config = configFromEnv(process.env, {
    dataDir: o.dataDir,
    port: o.port,
    host: o.host,
    workerConcurrency: o.worker === false ? 0 : undefined,
    allowEvictingRedis: o.allowEvictingRedis,
  });
  let engine;
  try {
    engine = await startEngine(config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is taken (another DecisionOS?); choose another with --port or DECISIONOS_PORT`, { cause: error });
    }
    throw error;
  }
  const keyFile = path.join(config.dataDir, ADMIN_KEY_FILE);
  engine.logger.info({ url: engine.url, data_dir: config.dataDir }, `DecisionOS engine listening on ${engine.url}`);
  process.stderr.write(
    `DecisionOS is serving on ${engine.url}\n` +
      (engine.adminKeyPath
        ? `A local admin key was created: ${engine.adminKeyPath} (mode 0600)\n`
        : `Admin key (from the first start): ${keyFile}\n`) +
      `Try: curl -H "Authorization: Bearer $(cat ${keyFile})" ${engine.url}/api/queue\n`,
  );
  // A one-time link into the UI as the local admin (five minutes, one use): no key to copy by hand.
  const login = `${engine.url}/#login=${engine.sessions.createLoginToken(await localBrowserPrincipal(engine.store))}`;
  process.stderr.write(`Open the workstation: ${login}\n`);
  if (ui.openBrowser) openInBrowser(login);
  await waitForStopSignal();
  await stopWithin10s(engine, 'stopping: no new requests, finishing the jobs in hand', 'stop took longer than 10 s; exiting');
  process.stderr.write('DecisionOS stopped cleanly.\n');
  return 0;
}

/** After a stop signal: a clean stop, or exit 1 when it takes more than 10 s (systemd's TimeoutStopSec is 15). */
export async function stopWithin10s(running: { logger: { info(msg: string): void; error(msg: string): void }; stop(): Promise<void> }, starting: string, late: string): Promise<void> {
  running.logger.info(starting);
  const forced = setTimeout(() => {
    running.logger.error(late);
    process.exit(1);
  }, 10_000);
  forced.unref();
  await running.stop();
  clearTimeout(forced);
}

export function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** The person at this machine: the OS user name (a generic one where there is no passwd entry). */
export function localUserName(fallback = 'local-user'): string {
  try {
    return os.userInfo().username || fallback;
  } catch {
    return fallback; // no passwd entry (containers)
  }
}

/** Who a browser opened from the login link acts as: the local admin key, under the OS user's name. */
export async function localBrowserPrincipal(store: AuditStore): Promise<Principal> {
  return localAdminPrincipal(store, localUserName());
}
