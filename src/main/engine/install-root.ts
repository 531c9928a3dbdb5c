import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The checkout or install this code runs from: the nearest folder above this module that holds a package.json.
 * Found by walking up rather than by a fixed `../..`, because the same code runs from src/ (tests, tsx) and
 * bundled into dist/engine or out/main, at different depths.
 */
export function installRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}
