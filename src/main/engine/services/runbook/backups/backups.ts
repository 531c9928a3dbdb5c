import { AppError } from '../../../../../shared/errors';
import { backupFileName, partialName, rotation, type BackupTag } from '../../../domain/backup-files';
import type { BackupDir, DatabaseBackup } from '../../../ports/database-backup';
import type { Clock } from '../../../ports/clock';

/** What backups and restores are made of, wired once by the composition root. */
export interface Backups {
  backup: DatabaseBackup;
  dir: BackupDir;
  /** Ordinary backups kept (DECISIONOS_BACKUP_KEEP). */
  keep: number;
  /** DECISIONOS_BACKUP_EVERY in ms; null when no timer takes them. */
  everyMs: number | null;
  clock: Clock;
  /** One backup or restore at a time in this process. */
  gate: OneAtATime;
}

/** Refuses a second run while one is going (409), instead of two copies racing for the disk and the writer. */
export class OneAtATime {
  private running: string | null = null;

  async run<T>(what: string, job: () => Promise<T>): Promise<T> {
    if (this.running !== null) throw new AppError('conflict', `${this.running} is running in this engine now; try again when it has finished`);
    this.running = what;
    try {
      return await job();
    } finally {
      this.running = null;
    }
  }
}

export interface TakenBackup {
  name: string;
  bytes: number;
  /** What verification said of the copy. */
  verified: string;
  /** Older backups the rotation deleted. */
  removed: string[];
}

/**
 * Writes a verified copy: under a temporary name first, then checked (a failed check deletes it and fails the
 * run), then renamed to its final name, so a name in the backup dir always stands for a verified copy.
 */
export async function writeVerifiedCopy(
  b: Pick<Backups, 'backup' | 'dir'>,
  name: string,
  copy: (file: string) => Promise<unknown>,
): Promise<{ bytes: number; verified: string }> {
  const partial = partialName(name);
  const file = await b.dir.pathOf(partial);
  try {
    await copy(file);
    const verdict = await b.backup.verify(file);
    if (!verdict.ok) throw new AppError('internal', `the copy failed verification and was deleted: ${verdict.detail}`);
    await b.dir.rename(partial, name);
    const bytes = (await b.dir.list()).find((f) => f.name === name)?.bytes ?? 0;
    return { bytes, verified: verdict.detail };
  } catch (error) {
    await b.dir.remove(partial);
    throw error;
  }
}

/** The sentence that says this process cannot take the backup itself and what to run instead; null when it can. */
export async function cannotBackUp(b: Backups): Promise<string | null> {
  const name = backupFileName(b.clock.now(), await b.backup.extension());
  return b.backup.manualStep('backup', `${b.dir.path}/${name}`);
}

/** An online backup of the live database into the backup dir, verified, then the rotation. */
export async function takeBackup(b: Backups, progress?: (done: number, total: number) => void, tag: BackupTag | null = null): Promise<TakenBackup> {
  return b.gate.run('a backup', async () => {
    const manual = await cannotBackUp(b);
    if (manual) throw new AppError('invalid_state', manual);
    await b.dir.removePartials();
    const name = backupFileName(b.clock.now(), await b.backup.extension(), tag);
    let total = 1;
    const { bytes, verified } = await writeVerifiedCopy(b, name, (file) =>
      b.backup.copyTo(file, (done, of) => {
        total = Math.max(1, of);
        progress?.(done, total);
      }),
    );
    progress?.(total, total);
    const removed = rotation((await b.dir.list()).map((f) => f.name), b.keep).removed.map((r) => r.name);
    for (const old of removed) await b.dir.remove(old);
    return { name, bytes, verified, removed };
  });
}
