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
      // Two exports in the same millisecond: the second gets name-2.ext, and so on; an existing file is never replaced.
      const ext = path.extname(name);
      let file = '';
      let out: fs.WriteStream | null = null;
      for (let n = 1; out === null; n += 1) {
        file = path.join(dir, n === 1 ? name : `${name.slice(0, name.length - ext.length)}-${n}${ext}`);
        try {
          out = fs.createWriteStream(file, { fd: fs.openSync(file, 'wx', 0o600) });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw error;
        }
      }
      try {
        await pipeline(Readable.from(chunks), out);
      } catch (error) {
        fs.rmSync(file, { force: true });
        throw error;
      }
      return { path: file, bytes: fs.statSync(file).size };
    },
  };
}
