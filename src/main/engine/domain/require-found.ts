import { AppError } from '../../../shared/errors';

/**
 * The not-found answer for decisions and tasks. Reads are workspace-scoped, so another workspace's id arrives
 * here as "nothing found" and is answered exactly like an unknown one.
 */
export function requireDecision<T>(found: T | null | undefined, decisionId: string): T {
  if (found === null || found === undefined) throw new AppError('not_found', `no decision ${decisionId}`);
  return found;
}

export function requireTask<T>(found: T | null | undefined, taskId: string): T {
  if (found === null || found === undefined) throw new AppError('not_found', `no task ${taskId}`);
  return found;
}
