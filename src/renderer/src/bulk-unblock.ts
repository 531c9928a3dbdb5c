import { MAX_BULK_UNBLOCK, type UnblockTasksResult } from '../../shared/schemas/audit';
import { api } from './api/transport';
import { runAction } from './api/run-action';
import { confirm } from './stores/confirm';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function unblockInCalls(taskIds: readonly string[], reason: string): Promise<UnblockTasksResult> {
  const all: UnblockTasksResult = { unblocked: [], skipped: [] };
  for (let i = 0; i < taskIds.length; i += MAX_BULK_UNBLOCK) {
    const part = await api.unblockTasks({ task_ids: taskIds.slice(i, i + MAX_BULK_UNBLOCK), reason });
    all.unblocked.push(...part.unblocked);
    all.skipped.push(...part.skipped);
  }
  return all;
}

/**
 * The bulk unblock flow: confirm with the count and one reason, then a toast linking to the MANUAL_UNBLOCK events
 * (the task's trace for one task, the timeline's unblocks for more). Resolves with the result, or null.
 */
export async function unblockTasks(taskIds: readonly string[]): Promise<UnblockTasksResult | null> {
  const count = plural(taskIds.length, 'task');
  const answer = await confirm({
    title: `Unblock ${count}?`,
    body: 'Each task moves back to RUNNING with its own MANUAL_UNBLOCK event carrying your name and this reason. Tasks no longer blocked are skipped and left alone.',
    confirmLabel: `Unblock ${count}`,
    reasonLabel: 'Reason',
    danger: true,
  });
  if (!answer.confirmed) return null;
  return runAction(`Unblock of ${count}`, () => unblockInCalls(taskIds, answer.reason), 'tasks', (done) => {
    const only = done.unblocked.length === 1 ? done.unblocked[0] : undefined;
    const skipped = done.skipped.length ? `, ${done.skipped.length} skipped (not blocked any more, or not found)` : '';
    return {
      message: `${plural(done.unblocked.length, 'task')} unblocked${skipped}.`,
      link: only
        ? { label: 'See MANUAL_UNBLOCK in the trace', to: `/tasks/${encodeURIComponent(only.task_id)}?audit=${only.audit_id}` }
        : { label: 'See the MANUAL_UNBLOCK events on the timeline', to: '/timeline?kinds=unblock' },
    };
  });
}
