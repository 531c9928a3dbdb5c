import { AppError } from '../../../../../shared/errors';
import type { ActionProgress } from '../../../../../shared/schemas/runbook';
import type { KeyValue, KvReads } from '../../../ports/key-value';
import type { Progress } from './action';

type Stored = Omit<ActionProgress, 'run_id'>;

/** In the shared KeyValue, so a poll answered by another API process (production mode) sees the same run. */
const keyOf = (workspaceId: string, runId: string) => `runbook:run:${workspaceId}:${runId}`;

/** The progress of a run of this workspace under `runId`, or 404 when none runs under it now. */
export async function readRunProgress(kv: KvReads, workspaceId: string, runId: string): Promise<ActionProgress> {
  const stored = await kv.get<Stored>(keyOf(workspaceId, runId));
  if (!stored) throw new AppError('not_found', `no runbook action is running under run id ${runId} in this workspace (it has not started, or it has ended)`);
  return { run_id: runId, ...stored.value };
}

/**
 * Runs `body` with a progress callback that keeps the run's progress under its run id while it runs, and removes
 * it after. Writes are serialised and coalesced (a step reported while one is written is folded into the next
 * write), so a fast action costs at most one write per step and never waits for them.
 */
export async function withRunProgress<T>(kv: KeyValue, workspaceId: string, runId: string, actionId: string, body: (progress: Progress) => Promise<T>): Promise<T> {
  const key = keyOf(workspaceId, runId);
  let latest: Stored = { action_id: actionId, done: 0, total: 0 };
  let version = await kv.compareAndSet<Stored>(key, null, latest);
  if (version === null) throw new AppError('conflict', `a runbook action is already running under run id ${runId}: choose a new run id`);
  let writing: Promise<void> | null = null;
  const write = async () => {
    // Another writer cannot own this key: a lost race would mean the record was removed, so stop writing.
    while (version !== null) {
      const value = latest;
      version = await kv.compareAndSet<Stored>(key, version, value);
      if (value === latest) return;
    }
  };
  const progress: Progress = (done, total) => {
    latest = { action_id: actionId, done, total };
    writing ??= write().catch(() => undefined).finally(() => (writing = null));
  };
  try {
    return await body(progress);
  } finally {
    await writing;
    if (version !== null) await kv.removeIfVersion(key, version).catch(() => undefined);
  }
}
