import { AppError } from '../../../../../shared/errors';
import { backupFileName, parseBackupName, partialName, type BackupName } from '../../../domain/backup-files';
import type { JobQueue } from '../../../ports/job-queue';
import type { Backups } from './backups';

/** How long a restore waits for the worker to put down the jobs in hand before it gives up, changing nothing. */
export const WORKER_IDLE_TIMEOUT_MS = 30_000;

export interface RestoreSteps {
  queue: JobQueue;
  /** Jobs the in-process worker holds now. */
  busy(): number;
  /** Wakes the worker after the restore. */
  notify(): void;
  sleep(ms: number): Promise<void>;
  onStep?(done: number, total: number): void;
}

export interface RestoredBackup {
  restored: string;
  /** The backup of what the restore replaced: restoring it takes the restore back. Null when that copy failed its check. */
  replaced: string | null;
  verified: string;
  /** What the check of the replaced database's copy said. */
  replacedCheck: string;
}

/** The backup the name stands for, in the backup dir; 404 otherwise. (The params schema has already refused paths.) */
export async function findBackup(b: Backups, file: string): Promise<BackupName & { bytes: number }> {
  const parsed = parseBackupName(file);
  const listed = (await b.dir.list()).find((f) => f.name === file);
  if (!parsed || !listed) throw new AppError('not_found', `no backup ${file} in ${b.dir.path}: the check last-backup names the newest, and that directory holds them all`);
  return { ...parsed, bytes: listed.bytes };
}

async function waitForIdleWorker(steps: RestoreSteps, clock: Backups['clock']): Promise<void> {
  const deadline = clock.now() + WORKER_IDLE_TIMEOUT_MS;
  for (;;) {
    const leased = (await steps.queue.counts(null, clock.now())).leased;
    if (steps.busy() === 0 && leased === 0) return;
    if (clock.now() > deadline) {
      throw new AppError('conflict', `the worker still holds ${Math.max(leased, steps.busy())} job(s) after ${WORKER_IDLE_TIMEOUT_MS / 1000} s; nothing was restored`);
    }
    await steps.sleep(100);
  }
}

/**
 * Verify the backup, stop the worker (pause the queue and wait for the jobs in hand), copy the live database to a
 * `-replaced` backup and swap the backup in atomically (one adapter call), then put the queue back as it was.
 */
export async function restoreBackup(b: Backups, file: string, steps: RestoreSteps): Promise<RestoredBackup> {
  return b.gate.run('a restore', async () => {
    const step = (n: number) => steps.onStep?.(n, 4);
    const found = await findBackup(b, file);
    const extension = await b.backup.extension();
    if (found.extension !== extension) throw new AppError('invalid_state', `${file} is a .${found.extension} backup; this engine's database takes .${extension} backups`);
    if (found.tag?.startsWith('before-v')) {
      throw new AppError('invalid_state', `${file} was taken before a schema migration and holds an older schema than this engine runs: restore it with the engine stopped, for the DecisionOS version it belongs to`);
    }
    const path = await b.dir.pathOf(file);
    const manual = await b.backup.manualStep('restore', path);
    if (manual) throw new AppError('invalid_state', manual);
    const verdict = await b.backup.verify(path);
    if (!verdict.ok) throw new AppError('invalid_state', `${file} failed verification, nothing was changed: ${verdict.detail}`);
    step(1);

    const wasPaused = await steps.queue.isPaused();
    if (!wasPaused) await steps.queue.setPaused(true);
    try {
      await waitForIdleWorker(steps, b.clock);
      step(2);
      const replaced = backupFileName(b.clock.now(), extension, 'replaced');
      const partial = await b.dir.pathOf(partialName(replaced));
      try {
        await b.backup.restoreFrom(path, partial);
      } catch (error) {
        await b.dir.remove(partialName(replaced));
        if (error instanceof AppError) throw error;
        throw new AppError('internal', `the restore failed and changed nothing: ${(error as Error).message}. If the database is damaged, stop the engine and run \`decisionos restore ${file}\`, which swaps the files.`);
      }
      step(3);
      // The swap is done: a copy of the replaced database that fails its check is left under its temporary name.
      const check = await b.backup.verify(partial);
      if (check.ok) await b.dir.rename(partialName(replaced), replaced);
      return { restored: file, replaced: check.ok ? replaced : null, verified: verdict.detail, replacedCheck: check.ok ? check.detail : `${partialName(replaced)} failed: ${check.detail}` };
    } finally {
      // The restored database carries the pause flag of its time (SQLite): the queue goes back to how it was before.
      await steps.queue.setPaused(wasPaused);
      steps.notify();
      step(4);
    }
  });
}
