import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';

/**
 * Fuses for the packaged desktop app (flipped in the Electron binary itself, so no flag or environment
 * variable can turn them back on): the app is never a plain Node runtime, takes no NODE_OPTIONS and no
 * --inspect, encrypts its cookies, loads only its own asar and checks that asar's integrity, and gives file://
 * no extra rights (the window loads the engine's loopback origin, never files).
 */
export const HARDENED_FUSES: FuseV1Config = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** Flips the hardened fuses in an Electron binary (a packaged app's executable) and returns the wire as read back. */
export async function hardenElectronBinary(binaryPath: string): Promise<Record<string, number | string>> {
  await flipFuses(binaryPath, HARDENED_FUSES);
  return (await getCurrentFuseWire(binaryPath)) as unknown as Record<string, number | string>;
}
