import type { LiveEventKind } from '../../../shared/schemas/events';
import { toast, type Toast } from '../stores/toasts';
import { ApiError } from './client';
import { invalidate } from './queries';

/**
 * The one way a confirmed action runs: call it, refetch what it changed, and show the outcome, success with a
 * link to its audit record, failure in the server's words. Resolves with the result, or null when it failed.
 */
export async function runAction<T>(
  what: string,
  call: () => Promise<T>,
  changes: LiveEventKind,
  success: (result: T) => { message: string; link?: Toast['link'] },
): Promise<T | null> {
  try {
    const result = await call();
    await invalidate(changes);
    toast({ kind: 'success', ...success(result) });
    return result;
  } catch (error) {
    toast({ kind: 'error', message: `${what} failed: ${error instanceof ApiError ? error.message : String(error)}` });
    return null;
  }
}
