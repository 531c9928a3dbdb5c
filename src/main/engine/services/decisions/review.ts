import type { ReviewDecisionInput, ReviewResult, UndoReviewInput } from '../../../../shared/schemas/decision';
import type { UnblockResult, UnblockTaskInput } from '../../../../shared/schemas/audit';
import { requireDecision } from '../../domain/require-found';
import { reviewTransition } from '../../domain/decision-lifecycle';
import type { Caller } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { auditEvent } from '../audit-events';

/** A reviewer's verdict on a needs_review decision: approve -> approved, reject -> blocked. Audited with who. */
export async function reviewDecision(deps: ServiceDeps, principal: Caller, input: ReviewDecisionInput): Promise<ReviewResult> {
  const decision = requireDecision(await deps.store.getDecision(principal.workspaceId, input.decision_id), input.decision_id);
  const at = deps.clock.now();
  // The trail says where the verdict moved the decision, as an undo and an unblock do; the store re-checks it under its lock.
  const moved = reviewTransition(decision.decision_id, decision.status, input.verdict);
  const review = {
    verdict: input.verdict,
    reviewer: principal.name,
    note: input.note ?? null,
    reviewed_at: new Date(at).toISOString(),
  };
  const audit = auditEvent(input.verdict === 'approve' ? 'REVIEW_APPROVED' : 'REVIEW_REJECTED', {
    taskId: decision.task_id,
    decisionId: decision.decision_id,
    actor: principal.name,
    requestId: principal.requestId,
    at,
    payload: { review, previous_status: moved.from, new_status: moved.to, key_id: principal.keyId },
    decisionType: decision.decision_type,
  });
  const reviewed = await deps.store.recordReview(principal.workspaceId, input.decision_id, review, audit);
  return { ...reviewed, audit_id: audit.auditId };
}

/** Takes back the caller's own verdict within the undo window; both the verdict and its undo stay in the trail. */
export async function undoReview(deps: ServiceDeps, principal: Caller, input: UndoReviewInput): Promise<ReviewResult> {
  const decision = requireDecision(await deps.store.getDecision(principal.workspaceId, input.decision_id), input.decision_id);
  const audit = auditEvent('REVIEW_UNDONE', {
    taskId: decision.task_id,
    decisionId: decision.decision_id,
    actor: principal.name,
    requestId: principal.requestId,
    at: deps.clock.now(),
    payload: { undone: decision.review, previous_status: decision.status, new_status: 'needs_review', key_id: principal.keyId },
    decisionType: decision.decision_type,
  });
  const undone = await deps.store.undoReview(principal.workspaceId, input.decision_id, principal.name, audit);
  return { ...undone, audit_id: audit.auditId };
}

/** The runbook's manual unblock, as one audited action: BLOCKED -> RUNNING with a MANUAL_UNBLOCK event. */
export async function unblockTask(deps: ServiceDeps, principal: Caller, input: UnblockTaskInput): Promise<UnblockResult> {
  const audit = auditEvent('MANUAL_UNBLOCK', {
    taskId: input.task_id,
    decisionId: null,
    actor: principal.name,
    requestId: principal.requestId,
    at: deps.clock.now(),
    payload: { reason: input.reason, previous_status: 'BLOCKED', new_status: 'RUNNING', key_id: principal.keyId },
  });
  return deps.store.unblockTask(principal.workspaceId, input.task_id, audit);
}
