/*
 * Backup file names and rotation, without I/O. A backup is `decisionos-<UTC time>.<ext>` in the backup dir, e.g.
 * `decisionos-2026-12-03T12-18-00.123Z.sqlite`. Two kinds carry a tag and are never rotated away, being the way
 * back from something: `-before-v<N>` was taken before a schema migration (it holds schema N), `-replaced` is the
 * database a restore replaced. A file gets such a name only once its copy passed verification (it is written under
 * a temporary name first), so the name vouches for it.
 */
import { BACKUP_NAME_PATTERN } from '../../../shared/schemas/runbook';

export const BACKUP_EXTENSIONS = ['sqlite', 'dump'] as const;
export type BackupExtension = (typeof BACKUP_EXTENSIONS)[number];

/** Why a backup was taken, when not by backup-now or the schedule: before migrating from schema N, or by a restore. */
export type BackupTag = `before-v${number}` | 'replaced';

export interface BackupName {
  name: string;
  /** When it was taken, ms since the epoch. */
  at: number;
  /** null for an ordinary backup (backup-now, the schedule): only those are rotated. */
  tag: BackupTag | null;
  extension: BackupExtension;
}

/** The name of a backup taken at `at`. */
export function backupFileName(at: number, extension: BackupExtension, tag: BackupTag | null = null): string {
  const stamp = new Date(at).toISOString().replace(/:/g, '-'); // 2026-12-03T12-18-00.123Z: no colons (Windows)
  return `decisionos-${stamp}${tag === null ? '' : `-${tag}`}.${extension}`;
}

/** The parts of a backup's name; null for any other name (a partial copy, a stray file, a hostile name). */
export function parseBackupName(name: string): BackupName | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, rawTag, ext] = m;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
  const tag = (rawTag ?? null) as BackupTag | null;
  // Date.UTC rolls 2026-02-31 over into March: such a name was not written by us.
  if (Number.isNaN(at) || backupFileName(at, ext as BackupExtension, tag) !== name) return null;
  return { name, at, tag, extension: ext as BackupExtension };
}

export const isBackupName = (name: string): boolean => parseBackupName(name) !== null;

/** The temporary name a copy is written under until it is verified. */
export const partialName = (name: string): string => `${name}.partial`;

export interface Rotation {
  /** Newest first. */
  kept: BackupName[];
  /** Oldest last; what a rotation deletes. */
  removed: BackupName[];
}

/**
 * Which backups a rotation keeps: the newest `keep` ordinary backups (counting one about to be taken when
 * `adding` is 1), and every tagged one.
 */
export function rotation(names: readonly string[], keep: number, adding: 0 | 1 = 0): Rotation {
  const parsed = names.map(parseBackupName).filter((b): b is BackupName => b !== null);
  const ordinary = parsed.filter((b) => b.tag === null).sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
  const room = Math.max(0, keep - adding);
  return { kept: [...ordinary.slice(0, room), ...parsed.filter((b) => b.tag !== null)], removed: ordinary.slice(room) };
}

/** The newest backup of these names, or null. */
export function newestBackup(names: readonly string[]): BackupName | null {
  let newest: BackupName | null = null;
  for (const b of names.map(parseBackupName)) if (b && (!newest || b.at > newest.at)) newest = b;
  return newest;
}
