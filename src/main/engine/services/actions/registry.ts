import { AppError } from '../../../../shared/errors';
import type { RunbookAction } from './action';
import { pauseWorker } from './pause-worker';
import { resumeWorker } from './resume-worker';
import { unblockTasks } from './unblock-tasks';
import { retryDeadLetters } from './retry-dead-letters';
import { breakerForceOpen } from './breaker-force-open';
import { breakerForceClose } from './breaker-force-close';
import { breakerReset } from './breaker-reset';
import { disableAgentActions } from './disable-agent-actions';
import { enableAgentActions } from './enable-agent-actions';
import { sendTestWebhook } from './send-test-webhook';
import { backupNow } from './backup-now';
import { restoreBackupAction } from './restore-backup';

/** Every runbook action the engine can run, in the order the UI lists them. */
export const ACTIONS: readonly RunbookAction[] = [
  pauseWorker,
  resumeWorker,
  unblockTasks,
  retryDeadLetters,
  breakerForceOpen,
  breakerForceClose,
  breakerReset,
  disableAgentActions,
  enableAgentActions,
  sendTestWebhook,
  backupNow,
  restoreBackupAction,
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function findAction(id: string): RunbookAction {
  const action = BY_ID.get(id);
  if (!action) throw new AppError('not_found', `no runbook action ${id}; the actions are ${ACTIONS.map((a) => a.id).join(', ')}`);
  return action;
}
