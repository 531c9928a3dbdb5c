import { AppError } from '../../../../shared/errors';
import type { UnblockTasksInput, UnblockTasksResult } from '../../../../shared/schemas/audit';
import type { Caller } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { unblockTask } from './review';

const SKIPPED = new Set(['not_found', 'not_blocked'] as const);
type SkipCode = UnblockTasksResult['skipped'][number]['code'];
const isSkip = (e: unknown): e is AppError & { code: SkipCode } => e instanceof AppError && SKIPPED.has(e.code as SkipCode);

/**
 * Many manual unblocks with one reason. Each task goes through the single unblock (its own transaction and its own
 * MANUAL_UNBLOCK event), so the rules live in one place; a task that is not BLOCKED or not in the caller's
 * workspace is reported as skipped and left alone. Any other failure stops the call: tasks before it stay unblocked
 * and audited, as if they had been unblocked one by one.
 */
export async function unblockTasks(deps: ServiceDeps, principal: Caller, input: UnblockTasksInput): Promise<UnblockTasksResult> {
  const result: UnblockTasksResult = { unblocked: [], skipped: [] };
  for (const taskId of new Set(input.task_ids)) {
    try {
      result.unblocked.push(await unblockTask(deps, principal, { task_id: taskId, reason: input.reason }));
    } catch (error) {
      if (!isSkip(error)) throw error;
      result.skipped.push({ task_id: taskId, code: error.code, message: error.message });
    }
  }
  return result;
}
