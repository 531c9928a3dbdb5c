import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { hardenElectronBinary } from '../../../../src/main/packaging/harden-electron';

// The fuse wire as Electron binaries carry it: a sentinel, the wire version, its length, one byte per fuse.
// Electron builds cannot be downloaded here, so the test binary is random bytes around a wire of Electron's
// defaults ('1' enabled, '0' disabled), nine fuses long like recent Electron releases.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-fuses-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeElectron(name: string, wire = '101100001'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.alloc(4096, 9)]));
  return file;
}

describe('hardenElectronBinary', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, and turns on asar-only loading with integrity checks', async () => {
    const binary = fakeElectron('electron');
    await hardenElectronBinary(binary);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    // A fuse newer than this config is left as Electron ships it.
    expect(wire[8]).toBe(FuseState.ENABLE);
  });

  it('refuses a file that is not an Electron binary and leaves it untouched', async () => {
    const file = path.join(dir, 'not-electron');
    fs.writeFileSync(file, 'just text');
    await expect(hardenElectronBinary(file)).rejects.toThrow(/sentinel/);
    expect(fs.readFileSync(file, 'utf8')).toBe('just text');
  });

  it('the CLI prints each fuse and exits 0, and exits 2 with a sentence on bad input', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main/packaging/harden-electron-cli.ts', ...args], { encoding: 'utf8' });
    const ok = cli([fakeElectron('electron-cli')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('RunAsNode: 0');
    expect(ok.stdout).toContain('OnlyLoadAppFromAsar: 1');
    const bad = cli([path.join(dir, 'missing')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot harden .*missing/);
    expect(cli([]).status).toBe(2);
  });
});
