import { SYSTEM_WORKSPACE } from '../../../ports/audit-store';
import type { Principal } from '../../../ports/records';

/** Who scheduled runs are audited as: the engine's own maintenance, as retention pruning is. */
export const MAINTENANCE: Principal = { keyId: 'maintenance', workspaceId: SYSTEM_WORKSPACE, name: 'maintenance', scopes: ['system'] };

/**
 * Runs `backupNow` every `everyMs` (DECISIONOS_BACKUP_EVERY). A run that fails is logged (its RUNBOOK_ACTION event
 * says why) and the next one comes at its time; the last-backup check shows the age growing. Returns the stop.
 */
export function scheduleBackups(
  everyMs: number,
  backupNow: () => Promise<unknown>,
  log: { error(obj: object, msg: string): void },
): () => void {
  const timer = setInterval(() => {
    backupNow().catch((error: unknown) => log.error({ err: error }, 'scheduled backup failed; the next one runs at its time'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
