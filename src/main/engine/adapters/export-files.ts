import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFiles } from '../ports/export-files';
import { ensurePrivateDir } from './private-files';

export const EXPORTS_DIR = 'exports';

export function createExportFiles(dataDir: string): ExportFiles {
  const dir = path.join(dataDir, EXPORTS_DIR);
  return {
    dir,
    async write(name, chunks) {
      if (path.basename(name) !== name || name.startsWith('.')) throw new Error(`not a plain file name: ${name}`);
      ensurePrivateDir(dir);
      const file = path.join(dir, name);
      try {
        await pipeline(Readable.from(chunks), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(file, { force: true });
        throw error;
      }
      return { path: file, bytes: fs.statSync(file).size };
    },
  };
}
