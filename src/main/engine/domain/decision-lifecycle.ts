import { AppError } from '../../../shared/errors';
import type { DecisionStatus, Finding, Review } from '../../../shared/schemas/decision';
import type { TaskStatus } from '../../../shared/schemas/audit';
import type { AuditEventType } from '../../../shared/schemas/audit';

export type Verdict = 'approved' | 'needs_review' | 'blocked';

/** The policy outcome: any redline blocks; any threshold or anomaly hit asks for review; else approve. */
export function verdictFromFindings(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.kind === 'redline')) return 'blocked';
  if (findings.length > 0) return 'needs_review';
  return 'approved';
}

export const SUPERVISOR_EVENT: Record<Verdict, AuditEventType> = {
  approved: 'SUPERVISOR_APPROVED',
  needs_review: 'SUPERVISOR_NEEDS_REVIEW',
  blocked: 'SUPERVISOR_BLOCKED',
};

const KIND_ORDER = { redline: 0, threshold: 1, anomaly: 2 } as const;
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * Findings ordered by weight: redlines first, then by severity. `findings[0]` is therefore the reason a
 * decision was blocked, which is what the runbooks' SQL reads (`$.decision_snapshot.findings[0].code`).
 */
export function orderFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}

/** What a task's status becomes when one of its decisions reaches a status. */
export function taskStatusFor(status: DecisionStatus): TaskStatus {
  switch (status) {
    case 'queued':
    case 'processing':
      return 'PENDING';
    case 'approved':
      return 'RUNNING';
    case 'needs_review':
      return 'NEEDS_REVIEW';
    case 'blocked':
      return 'BLOCKED';
    case 'failed':
      return 'FAILED';
  }
}

export function isTerminal(status: DecisionStatus): boolean {
  return status !== 'queued' && status !== 'processing';
}

/**
 * A guarded state change: the adapter applies it with `UPDATE ... SET status = to WHERE status = from`, so a
 * concurrent change in between makes the write a no-op instead of a second, conflicting transition.
 */
export interface Transition<S extends string> {
  readonly from: S;
  readonly to: S;
}

/** A decision transition, with what its task's status becomes. */
export interface DecisionTransition extends Transition<DecisionStatus> {
  readonly task: TaskStatus;
}

function decisionTransition(from: DecisionStatus, to: DecisionStatus): DecisionTransition {
  return { from, to, task: taskStatusFor(to) };
}

/** A reviewer's verdict: only a needs_review decision is reviewed; approve -> approved, reject -> blocked. */
export function reviewTransition(decisionId: string, current: DecisionStatus, verdict: 'approve' | 'reject'): DecisionTransition {
  if (current !== 'needs_review') {
    throw new AppError('invalid_state', `decision ${decisionId} is ${current}; only needs_review decisions are reviewed`);
  }
  return decisionTransition('needs_review', verdict === 'approve' ? 'approved' : 'blocked');
}

/** How long a reviewer may take a verdict back. The UI offers undo for 10 s; this allows for a slow click. */
export const REVIEW_UNDO_WINDOW_MS = 60_000;

/**
 * Undoing a verdict (as Gmail's undo send): only its reviewer, only within the window, and only while the
 * decision still has the status that verdict gave it. The decision goes back to needs_review.
 */
export function undoReviewTransition(decisionId: string, current: DecisionStatus, review: Review | null, by: string, now: number): DecisionTransition {
  if (review === null) throw new AppError('invalid_state', `decision ${decisionId} has no verdict to undo`);
  const gave = review.verdict === 'approve' ? 'approved' : 'blocked';
  if (current !== gave) throw new AppError('invalid_state', `decision ${decisionId} is ${current}, no longer the ${gave} its verdict gave; the verdict cannot be undone`);
  if (review.reviewer !== by) throw new AppError('invalid_state', `only ${review.reviewer}, who gave the verdict, can undo it`);
  if (now - Date.parse(review.reviewed_at) > REVIEW_UNDO_WINDOW_MS) {
    throw new AppError('invalid_state', `the verdict on ${decisionId} is older than ${REVIEW_UNDO_WINDOW_MS / 1000} s and can no longer be undone`);
  }
  return decisionTransition(current, 'needs_review');
}

/** A dead-letter retry: only a failed decision goes back to the queue. */
export function requeueTransition(decisionId: string, current: DecisionStatus): DecisionTransition {
  if (current !== 'failed') {
    throw new AppError('invalid_state', `decision ${decisionId} is ${current}; only failed decisions are retried`);
  }
  return decisionTransition('failed', 'queued');
}

/**
 * An operator removed the waiting job of an open decision (a purge): it fails, or the reconciler would queue it
 * again. A decision that is no longer open was judged meanwhile and is left as it is (null).
 */
export function purgeTransition(current: DecisionStatus): DecisionTransition | null {
  return isTerminal(current) ? null : decisionTransition(current, 'failed');
}

/**
 * Whether a removed (purged or discarded) job can go back: its decision still fails with the error it had once the
 * job was removed. One judged, retried or restored since has moved on and is left as it is.
 */
export function restorableAfterRemoval(current: DecisionStatus, lastError: string | null, errorWhenRemoved: string | null): boolean {
  return current === 'failed' && lastError === errorWhenRemoved;
}

/**
 * A re-judge (rejudge-decisions): a terminal decision goes back to `queued` and is judged again under the active
 * policy; its earlier outcome stays on the trace. Null, and nothing changes, for a decision still open (it will be
 * judged anyway) and for one a person reviewed: a reviewer's verdict is not overwritten by the policy.
 */
export function rejudgeTransition(current: DecisionStatus, review: Review | null): DecisionTransition | null {
  if (!isTerminal(current) || review !== null) return null;
  return decisionTransition(current, 'queued');
}

/** An open decision whose job was lost goes back to `queued` (a processing one lost its lease with its job). */
export function reconcileTransition(current: DecisionStatus): DecisionTransition | null {
  return isTerminal(current) ? null : decisionTransition(current, 'queued');
}

/** An operator's unblock: only a BLOCKED task is moved back to RUNNING. */
export function unblockTransition(taskId: string, current: TaskStatus): Transition<TaskStatus> {
  if (current !== 'BLOCKED') throw new AppError('not_blocked', `task ${taskId} is ${current}, not BLOCKED`);
  return { from: 'BLOCKED', to: 'RUNNING' };
}
