import { AppError } from '../../../../../shared/errors';
import type { DecisionView } from '../../../../../shared/schemas/decision';
import type { RemovedJob, RemovedJobsKind } from '../../../../../shared/schemas/removed-jobs';
import type { WaitingJob } from '../../../ports/job-queue';
import type { NewAudit } from '../../../ports/records';
import { auditEvent } from '../../audit-events';
import type { ActionContext } from './action';

/** The restore action every purge and discard offers as its undo. */
export const RESTORE_ACTION_ID = 'restore-jobs';

const iso = (ms: number) => new Date(ms).toISOString();

/** Who removed the jobs, when and why: the same on every line of one file. */
export interface Removal {
  kind: RemovedJobsKind;
  at: number;
  actor: string;
  reason: string;
}

/** The error a purged job's decision fails with: it says who purged it and why, on the decision and its task. */
export const purgedError = (removal: Removal) => `purged by an operator (${removal.actor}): ${removal.reason}`;

export function removedWaitingJob(job: WaitingJob, removal: Removal, decisionError: string): RemovedJob {
  return {
    kind: removal.kind,
    job_id: job.jobId,
    decision_id: job.decisionId,
    task_id: job.taskId,
    workspace_id: job.workspaceId,
    decision_type: job.decisionType,
    inputs: job.inputs,
    priority: job.priority,
    source_event_ts: job.sourceEventTs === null ? null : iso(job.sourceEventTs),
    enqueued_at: iso(job.enqueuedAt),
    removed_at: iso(removal.at),
    actor: removal.actor,
    reason: removal.reason,
    decision_error: decisionError,
  };
}

/** A dead job as its file keeps it: the decision (still failed) carries everything to queue it again. */
export function removedDeadJob(jobId: string, decision: DecisionView, removal: Removal): RemovedJob {
  return {
    kind: removal.kind,
    job_id: jobId,
    decision_id: decision.decision_id,
    task_id: decision.task_id,
    workspace_id: decision.workspace_id,
    decision_type: decision.decision_type,
    inputs: decision.inputs,
    priority: 0,
    source_event_ts: decision.source_event_ts,
    enqueued_at: decision.enqueued_at,
    removed_at: iso(removal.at),
    actor: removal.actor,
    reason: removal.reason,
    decision_error: decision.last_error,
  };
}

/** The event on the task's trace that says an operator acted on this job through a runbook action. */
export function jobActionAudit(ctx: ActionContext, action: string, job: { job_id: string; decision_id: string; task_id: string; decision_type: RemovedJob['decision_type'] }, at: number, extra: Record<string, string>): NewAudit {
  return auditEvent('RUNBOOK_ACTION', {
    taskId: job.task_id,
    decisionId: job.decision_id,
    actor: ctx.caller.name,
    requestId: ctx.caller.requestId,
    at,
    decisionType: job.decision_type,
    payload: { action, job_id: job.job_id, reason: ctx.reason, key_id: ctx.caller.keyId, ...extra },
  });
}

/** The undo a purge or discard offers: restore its file. */
export const restoreUndo = (file: string, kind: RemovedJobsKind) => ({
  action_id: RESTORE_ACTION_ID,
  params: { file },
  title: `Restore the ${kind} jobs (${file})`,
});

/** A job removed meanwhile by someone else, or whose decision moved on: left alone and counted, not an error. */
export const movedOnMeanwhile = (e: unknown) => e instanceof AppError && (e.code === 'not_found' || e.code === 'invalid_state');
