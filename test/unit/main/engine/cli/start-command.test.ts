import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../../../../src/main/engine/cli/start-command';
import { tempDataDir } from '../../../../fixtures/engine';

describe('finding the Electron binary', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when the executable is there', () => {
    const dir = tempDataDir('dos-electron-');
    const pathTxt = path.resolve('node_modules/electron/path.txt');
    const name = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : 'electron';
    fs.writeFileSync(path.join(dir, name), '');
    expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({ path: path.join(dir, name) });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why there is no desktop window when the override points at nothing', () => {
    const found = findElectron({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' });
    expect(found).toHaveProperty('missing');
    expect((found as { missing: string }).missing).toContain('/nonexistent/electron-dist');
  });
});
