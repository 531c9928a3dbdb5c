import { SYSTEM_WORKSPACE, type PruneCounts } from '../ports/audit-store';
import type { ServiceDeps } from './deps';
import { opsAuditEvent } from './audit-events';

const DAY = 86_400_000;

/**
 * Retention: data older than `retentionDays` (90 by default, as the runbooks rotate it) is deleted, and
 * idempotency keys past their 24 h. What was removed is written to the ops audit log.
 */
export async function pruneExpired(deps: ServiceDeps, retentionDays: number): Promise<PruneCounts> {
  const now = deps.clock.now();
  const counts = await deps.store.pruneOlderThan(now - retentionDays * DAY, now, 5_000);
  if (Object.values(counts).some((n) => n > 0)) {
    await deps.store.appendOpsAudit(
      opsAuditEvent('RETENTION_PRUNED', {
        workspaceId: SYSTEM_WORKSPACE,
        actor: 'maintenance',
        target: 'store',
        payload: { retention_days: retentionDays, ...counts },
        at: now,
      }),
    );
  }
  return counts;
}

/** Runs `pruneExpired` a minute after start and then hourly. The returned function stops it. */
export function scheduleMaintenance(
  deps: ServiceDeps,
  retentionDays: number,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
): () => void {
  const run = async () => {
    try {
      const counts = await pruneExpired(deps, retentionDays);
      if (Object.values(counts).some((n) => n > 0)) log.info({ ...counts }, 'retention: pruned old data');
    } catch (error) {
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
