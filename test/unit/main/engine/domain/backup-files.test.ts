import { describe, expect, it } from 'vitest';
import { backupFileName, newestBackup, parseBackupName, partialName, rotation } from '../../../../../src/main/engine/domain/backup-files';
import { RestoreBackupParams } from '../../../../../src/shared/schemas/runbook';

const T = Date.UTC(2026, 11, 3, 12, 18, 0, 123);
const HOUR = 3_600_000;
const names = (n: number, ext: 'sqlite' | 'dump' = 'sqlite') => Array.from({ length: n }, (_, i) => backupFileName(T - i * HOUR, ext));

describe('backup file names', () => {
  it('names a backup by its UTC time to the millisecond, without colons, and reads the name back', () => {
    expect(backupFileName(T, 'sqlite')).toBe('decisionos-2026-12-03T12-18-00.123Z.sqlite');
    expect(backupFileName(T, 'dump', 'before-v6')).toBe('decisionos-2026-12-03T12-18-00.123Z-before-v6.dump');
    expect(parseBackupName('decisionos-2026-12-03T12-18-00.123Z-replaced.sqlite')).toEqual({
      name: 'decisionos-2026-12-03T12-18-00.123Z-replaced.sqlite', at: T, tag: 'replaced', extension: 'sqlite',
    });
  });

  it.each([
    ['a path', '../decisionos-2026-12-03T12-18-00.123Z.sqlite'],
    ['an absolute path', '/etc/passwd'],
    ['the live database', 'decisionos.sqlite'],
    ['a partial copy', partialName('decisionos-2026-12-03T12-18-00.123Z.sqlite')],
    ['another extension', 'decisionos-2026-12-03T12-18-00.123Z.db'],
    ['a NUL byte', 'decisionos-2026-12-03T12-18-00.123Z.sqlite\u0000.txt'],
    ['a name past the length bound', `decisionos-2026-12-03T12-18-00.123Z-before-v${'9'.repeat(80)}.sqlite`],
  ])('refuses %s as a backup name, in the domain and in the params schema', (_what, name) => {
    expect(parseBackupName(name)).toBeNull();
    expect(RestoreBackupParams.safeParse({ file: name }).success).toBe(false);
  });

  it('refuses a name for a date that does not exist (the action then finds no such backup)', () => {
    expect(parseBackupName('decisionos-2026-02-31T12-18-00.123Z.sqlite')).toBeNull();
  });

  it('the params schema takes exactly the names the domain writes, and nothing beside the file', () => {
    expect(RestoreBackupParams.safeParse({ file: backupFileName(T, 'dump', 'replaced') }).success).toBe(true);
    expect(RestoreBackupParams.safeParse({ file: backupFileName(T, 'sqlite'), path: '/tmp' }).success).toBe(false);
  });
});

describe('rotation', () => {
  it('keeps the newest N and removes the older ones, oldest last', () => {
    const all = names(9);
    const r = rotation([...all].reverse(), 7);
    expect(r.kept.map((b) => b.name)).toEqual(all.slice(0, 7));
    expect(r.removed.map((b) => b.name)).toEqual(all.slice(7));
  });

  it('makes room for the backup about to be taken', () => {
    expect(rotation(names(7), 7, 1).removed.map((b) => b.name)).toEqual([names(7)[6]]);
    expect(rotation(names(3), 7, 1).removed).toEqual([]);
  });

  it('never removes a backup taken before a migration or one a restore replaced, nor files that are not backups', () => {
    const tagged = [backupFileName(T - 100 * HOUR, 'sqlite', 'before-v5'), backupFileName(T - 200 * HOUR, 'sqlite', 'replaced')];
    const r = rotation([...names(3), ...tagged, 'notes.txt', 'decisionos.sqlite'], 1);
    expect(r.removed.map((b) => b.name)).toEqual(names(3).slice(1));
    expect(r.kept.map((b) => b.name)).toEqual([names(3)[0], ...tagged]);
  });

  it('finds the newest backup of any kind', () => {
    const newest = backupFileName(T + HOUR, 'sqlite', 'replaced');
    expect(newestBackup([...names(3), newest, 'x'])?.name).toBe(newest);
    expect(newestBackup(['x'])).toBeNull();
  });
});
