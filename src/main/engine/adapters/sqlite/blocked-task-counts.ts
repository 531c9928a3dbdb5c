import type { DecisionReads } from '../../ports/audit-store';
import type { Db } from './database';
import { ATTENTION_TASKS, ATTENTION_TERM, TASK_REASON_CODE } from './task-reason';

/** Tasks blocked now per reason: one range of idx_tasks_attention, each task's last decision by primary key. */
export function sqliteBlockedTaskCounts(db: Db): Pick<DecisionReads, 'blockedTasks'> {
  const perReason = db.prepare(`
    SELECT ${TASK_REASON_CODE} AS reason_code, COUNT(*) AS count FROM ${ATTENTION_TASKS}
    WHERE t.workspace_id = ? AND ${ATTENTION_TERM} AND t.status = 'BLOCKED'
    GROUP BY 1 ORDER BY count DESC, reason_code LIMIT ?`);
  const total = db
    .prepare(`SELECT COUNT(*) FROM tasks t INDEXED BY idx_tasks_attention WHERE t.workspace_id = ? AND ${ATTENTION_TERM} AND t.status = 'BLOCKED'`)
    .pluck();
  return {
    async blockedTasks(workspaceId, topN) {
      // One read transaction, so the total and the per-reason counts describe the same moment.
      return db.transaction(() => ({
        blocked_tasks: total.get(workspaceId) as number,
        reasons: perReason.all(workspaceId, topN) as { reason_code: string | null; count: number }[],
      }))();
    },
  };
}
