import { against, type Check } from './check';

/** Runbook "Blocked Tasks TopN": warning over 10 tasks, critical over 50. */
export const BLOCKED_TASKS_WARN = 10;
export const BLOCKED_TASKS_FAIL = 50;
const TOP_REASONS = 3;

export const blockedTasks: Check = {
  id: 'blocked-tasks',
  title: 'Blocked tasks and top reasons',
  async run({ store, workspaceId }) {
    const blocked = await store.blockedTasks(workspaceId, TOP_REASONS);
    const reasons = blocked.reasons.map((r) => `${r.reason_code ?? 'no reason code'} (${r.count})`).join(', ');
    const numbers: Record<string, number | string | null> = { blocked_tasks: blocked.blocked_tasks };
    blocked.reasons.forEach((r, i) => {
      numbers[`reason_${i + 1}`] = r.reason_code;
      numbers[`reason_${i + 1}_tasks`] = r.count;
    });
    return {
      status: against(blocked.blocked_tasks, BLOCKED_TASKS_WARN, BLOCKED_TASKS_FAIL),
      summary: blocked.blocked_tasks === 0
        ? 'No task is BLOCKED in this workspace.'
        : `${blocked.blocked_tasks} task(s) are BLOCKED in this workspace (warn over ${BLOCKED_TASKS_WARN}, fail over ${BLOCKED_TASKS_FAIL}); top reasons: ${reasons}.`,
      numbers,
    };
  },
};
