import { AppError } from '../../../../../shared/errors';
import type { RunbookAction } from './action';
import { pauseWorker } from './pause-worker';
import { resumeWorker } from './resume-worker';
import { unblockTasks } from './unblock-tasks';
import { retryDeadLetters } from './retry-dead-letters';
import { discardDeadLetters } from './discard-dead-letters';
import { purgeQueuedJobs } from './purge-queued-jobs';
import { restoreJobs } from './restore-jobs';
import { breakerForceOpen } from './breaker-force-open';
import { breakerForceClose } from './breaker-force-close';
import { breakerReset } from './breaker-reset';
import { disableAgentActions } from './disable-agent-actions';
import { enableAgentActions } from './enable-agent-actions';
import { sendTestWebhook } from './send-test-webhook';
import { changeSetting } from './change-setting';
import { pauseIntake } from './pause-intake';
import { resumeIntake } from './resume-intake';
import { rejudgeDecisions } from './rejudge-decisions';
import { rotateApiKey } from './rotate-api-key';
import { restartWorker } from './restart-worker';
import { muteNotifications } from './mute-notifications';
import { unmuteNotifications } from './unmute-notifications';
import { silenceAlert } from './silence-alert';
import { expireSilence } from './expire-silence';
import { exportAudit } from './export-audit';
import { backupNow } from './backup-now';
import { restoreBackupAction } from './restore-backup';
import { pruneNow } from './prune-now';
import { throttleAffiliate } from './throttle-affiliate';
import { liftAffiliateThrottle } from './lift-affiliate-throttle';

/** Every runbook action the engine can run, in the order the UI lists them. */
export const ACTIONS: readonly RunbookAction[] = [
  pauseIntake,
  resumeIntake,
  throttleAffiliate,
  liftAffiliateThrottle,
  pauseWorker,
  resumeWorker,
  restartWorker,
  unblockTasks,
  retryDeadLetters,
  discardDeadLetters,
  purgeQueuedJobs,
  restoreJobs,
  rejudgeDecisions,
  breakerForceOpen,
  breakerForceClose,
  breakerReset,
  disableAgentActions,
  enableAgentActions,
  sendTestWebhook,
  changeSetting,
  rotateApiKey,
  muteNotifications,
  unmuteNotifications,
  silenceAlert,
  expireSilence,
  exportAudit,
  backupNow,
  restoreBackupAction,
  pruneNow,
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function findAction(id: string): RunbookAction {
  const action = BY_ID.get(id);
  if (!action) throw new AppError('not_found', `no runbook action ${id}; the actions are ${ACTIONS.map((a) => a.id).join(', ')}`);
  return action;
}
