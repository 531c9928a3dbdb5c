import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../src/main/engine/cli/start-command';
import { tempDataDir } from '../fixtures/engine';

const found = findElectron();
const binary = 'path' in found ? found.path : null;
if (!binary) console.log(`electron smoke test skipped: ${'missing' in found ? found.missing : 'no Electron binary'}`);

// Skipped where no Electron binary exists (this project's CI machines cannot download one); the line above says so.
describe.skipIf(!binary)('Electron desktop window', () => {
  it('opens the hardened window with the typed bridge and no Node in the page', async () => {
    const build = spawnSync(process.execPath, [path.resolve('node_modules/electron-vite/bin/electron-vite.js'), 'build', '--config', 'electron.config.ts'], { stdio: 'inherit' });
    expect(build.status).toBe(0);
    const dataDir = tempDataDir('dos-electron-');
    const app = await electron.launch({ executablePath: binary as string, args: ['out/main/index.js'], env: { ...process.env, DECISIONOS_DATA_DIR: dataDir } });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.title()).toBe('DecisionOS Workstation');
    expect(await page.evaluate('typeof window.decisionos.invoke')).toBe('function');
    expect(await page.evaluate('typeof window.require + typeof window.process')).toBe('undefinedundefined');
    const health = (await page.evaluate("window.decisionos.invoke('health', {})")) as { ok: boolean };
    expect(health.ok).toBe(true);
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
