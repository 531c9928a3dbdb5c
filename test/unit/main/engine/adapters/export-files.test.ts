import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExportFiles } from '../../../../../src/main/engine/adapters/export-files';
import { tempDataDir } from '../../../../fixtures/engine';

async function* text(...chunks: string[]) {
  for (const c of chunks) yield c;
}

describe('export files', () => {
  it('writes into <dataDir>/exports as private files and never over an existing one: the same name again becomes name-2', async () => {
    const dataDir = tempDataDir('dos-exports-');
    const files = createExportFiles(dataDir);
    const first = await files.write('a.jsonl', text('one\n', 'two\n'));
    const second = await files.write('a.jsonl', text('three\n'));
    expect([first.path, second.path]).toEqual([path.join(dataDir, 'exports', 'a.jsonl'), path.join(dataDir, 'exports', 'a-2.jsonl')]);
    expect([fs.readFileSync(first.path, 'utf8'), first.bytes]).toEqual(['one\ntwo\n', 8]);
    expect(fs.statSync(second.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'exports')).mode & 0o777).toBe(0o700);
  });

  it('leaves no file when the stream fails part way, and refuses a name that is a path', async () => {
    const dataDir = tempDataDir('dos-exports-');
    const files = createExportFiles(dataDir);
    async function* failing() {
      yield 'partial\n';
      throw new Error('the database went away');
    }
    await expect(files.write('b.csv', failing())).rejects.toThrow('the database went away');
    expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([]);
    await expect(files.write('../escape.csv', text('x'))).rejects.toThrow('not a plain file name');
    expect(fs.existsSync(path.join(dataDir, 'escape.csv'))).toBe(false);
  });
});
