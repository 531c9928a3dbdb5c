import fs from 'node:fs';
import path from 'node:path';
import { installRoot } from './install-root';

/**
 * The one version number: package.json's, shown by `--version`, `/health` and the metrics. Read from the install
 * (not imported) so that the same code works from src/, dist/engine and the Electron bundle.
 */
export const ENGINE_VERSION: string = (JSON.parse(fs.readFileSync(path.join(installRoot(), 'package.json'), 'utf8')) as { version: string }).version;
