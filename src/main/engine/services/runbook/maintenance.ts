import { SYSTEM_WORKSPACE, type PruneCounts, type PruneScope } from '../../ports/audit-store';
import type { ServiceDeps } from '../deps';
import { opsAuditEvent } from '../audit-events';
import { pruneData, type PruneOptions, type PruneStats } from './prune-data';
import { reclaimSpace, type ReclaimStats } from './reclaim-space';
import { underRetentionLease } from './retention-lease';
import type { KeyValue } from '../../ports/key-value';
import { AppError } from '../../../../shared/errors';

const DAY = 86_400_000;

/** What retention removes at `now`: data older than `retentionDays`, idempotency keys past their expiry. */
export const retentionScope = (now: number, retentionDays: number): PruneScope => ({ cutoff: now - retentionDays * DAY, now });

export interface RetentionRun extends PruneStats {
  vacuum: ReclaimStats | null;
}

/**
 * Retention: data older than the scope's cutoff (90 days by default, as the runbooks rotate it) is deleted in
 * time-bounded batches, and idempotency keys past their 24 h; then the freed space is vacuumed. What was removed
 * is written to the ops audit log. The hourly schedule and the prune-now action both run this.
 */
export async function runRetention(deps: Pick<ServiceDeps, 'store'>, scope: PruneScope, actor: string, options: PruneOptions = {}): Promise<RetentionRun> {
  const stats = await pruneData(deps.store, scope, options);
  const pruned = (Object.keys(stats.counts) as (keyof PruneCounts)[]).filter((t) => stats.counts[t] > 0);
  const vacuum = pruned.length > 0 ? await reclaimSpace(deps.store, pruned) : null;
  if (pruned.length > 0) {
    await deps.store.appendOpsAudit(
      opsAuditEvent('RETENTION_PRUNED', {
        workspaceId: SYSTEM_WORKSPACE,
        actor,
        target: 'store',
        payload: {
          cutoff: new Date(scope.cutoff).toISOString(),
          ...stats.counts,
          batches: stats.batches,
          max_batch_ms: Math.round(stats.maxBatchMs),
          freed_pages: vacuum?.freedPages ?? null,
          free_pages_left: vacuum?.freePagesLeft ?? null,
          vacuum_note: vacuum?.note ?? null,
        },
        at: scope.now,
      }),
    );
  }
  return { ...stats, vacuum };
}

/** The scheduled run: `retentionDays` back from now. */
export async function pruneExpired(deps: Pick<ServiceDeps, 'store' | 'clock'>, retentionDays: number): Promise<PruneCounts> {
  return (await runRetention(deps, retentionScope(deps.clock.now(), retentionDays), 'maintenance')).counts;
}

/**
 * Runs `pruneExpired` a minute after start and then hourly, under the retention lease (a prune-now running then
 * does the work: this run is skipped). The returned function stops it.
 */
export function scheduleMaintenance(
  deps: ServiceDeps,
  kv: KeyValue,
  retentionDays: number,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
): () => void {
  const run = async () => {
    try {
      const counts = await underRetentionLease(kv, deps.clock, () => pruneExpired(deps, retentionDays));
      if (Object.values(counts).some((n) => n > 0)) log.info({ ...counts }, 'retention: pruned old data');
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return log.info({}, 'retention: another run holds the lease; skipped');
      log.error({ err: error }, 'retention pruning failed; will retry in an hour');
    }
  };
  const first = setTimeout(run, 60_000);
  const hourly = setInterval(run, 3_600_000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
