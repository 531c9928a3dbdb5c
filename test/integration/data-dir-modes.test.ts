import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestEngine, tempDataDir } from '../fixtures/engine';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const PRIVATE_FILES = [
  'decisionos.sqlite', 'decisionos.sqlite-wal', 'decisionos.sqlite-shm', 'admin.key',
  'ratelimit.sqlite', 'ratelimit.sqlite-wal', 'ratelimit.sqlite-shm',
];

describe.skipIf(process.platform === 'win32')('files at rest', () => {
  it('makes the data dir 0700 and the database, WAL, SHM and key files 0600 when it creates them', async () => {
    const dataDir = path.join(tempDataDir(), 'fresh');
    const t = await startTestEngine({ dataDir });
    try {
      expect(mode(dataDir)).toBe('700');
      for (const file of PRIVATE_FILES) expect([file, mode(path.join(dataDir, file))]).toEqual([file, '600']);
    } finally {
      await t.close();
    }
  });

  it('tightens a pre-existing 0755 dir and 0644 files when it starts on them', async () => {
    const dataDir = tempDataDir();
    const first = await startTestEngine({ dataDir });
    await first.engine.stop();
    // What an older version, a restore or a hand-made directory leaves: readable by everyone.
    fs.chmodSync(dataDir, 0o755);
    for (const sidecar of PRIVATE_FILES.filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))) {
      fs.writeFileSync(path.join(dataDir, sidecar), '', { flag: 'a' });
    }
    for (const file of PRIVATE_FILES) fs.chmodSync(path.join(dataDir, file), 0o644);

    const t = await startTestEngine({ dataDir });
    try {
      expect(mode(dataDir)).toBe('700');
      for (const file of PRIVATE_FILES) expect([file, mode(path.join(dataDir, file))]).toEqual([file, '600']);
      expect((await t.request('GET', '/api/queue')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
