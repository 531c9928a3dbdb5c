import fs from 'node:fs';
import path from 'node:path';

/** Free (to this user) and total bytes of the file system holding `dir` (or its nearest existing parent). */
export async function diskSpace(dir: string): Promise<{ freeBytes: number; totalBytes: number }> {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  const s = await fs.promises.statfs(at);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}
