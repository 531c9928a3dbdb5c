import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installRoot } from '../install-root';
import { serveCommand, type ServeOptions } from './serve-command';

/**
 * The Electron executable, or why there is none. Mirrors how the electron package finds it
 * (ELECTRON_OVERRIDE_DIST_PATH, else dist/ + path.txt) without requiring the package: Electron 45's
 * require() starts a download when the binary is missing, and this machine has no network for it.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const pkg = path.join(installRoot(), 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron')
    : executable
      ? path.join(pkg, 'dist', executable)
      : null;
  if (candidate && fs.existsSync(candidate)) return { path: candidate };
  return {
    missing: candidate
      ? `no Electron binary at ${candidate}`
      : 'the Electron binary was never downloaded (no network for it here; set ELECTRON_OVERRIDE_DIST_PATH to an Electron build)',
  };
}

/**
 * `npm start`: the desktop app where Electron exists; otherwise one line saying why, then browser mode
 * (the same engine and UI over HTTP) with a one-time login link.
 */
export async function startCommand(o: ServeOptions): Promise<number> {
  const electron = findElectron();
  if ('path' in electron) {
    const build = spawnSync(process.execPath, [path.join(installRoot(), 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--config', 'electron.config.ts'], { cwd: installRoot(), stdio: 'inherit' });
    if (build.status !== 0) return 1;
    const child = spawn(electron.path, ['out/main/index.js'], { cwd: installRoot(), stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  process.stderr.write(`No desktop window: ${electron.missing}. Starting browser mode instead.\n`);
  return serveCommand(o, { openBrowser: !process.env.CI });
}
