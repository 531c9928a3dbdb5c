import type { JobWork, QueuedJob } from '../../ports/job-queue';
import type { PgQueryable } from './pg-transaction';
import { fromMs } from './pg-time';

/** What the outbox needs of a decision to build its job. */
export type OutboxDecision = JobWork;

/**
 * Writes the job of a decision into the outbox (supervisor_inbox), in the caller's transaction. The job id is the
 * decision id: the queue (BullMQ) keeps one job per id, so a relay that delivers a row twice adds nothing, an
 * enqueue for a decision whose job is still waiting or running is a no-op, and one for a dead job revives it.
 */
export async function insertOutboxJob(db: PgQueryable, d: OutboxDecision, priority: number, runAt: number, at: number): Promise<void> {
  const job: QueuedJob = {
    jobId: d.decisionId,
    decisionId: d.decisionId,
    workspaceId: d.workspaceId,
    taskId: d.taskId,
    priority,
    runAt,
    decisionType: d.decisionType,
    inputs: d.inputs,
    sourceEventTs: d.sourceEventTs,
    enqueuedAt: d.enqueuedAt,
    ...(d.traceparent ? { traceparent: d.traceparent } : {}),
  };
  await db.query(
    `INSERT INTO supervisor_inbox (job_id, decision_id, workspace_id, task_id, job, created_at)
     VALUES ($1, $1, $2, $3, $4::jsonb, ${fromMs('$5')})`,
    [d.decisionId, d.workspaceId, d.taskId, JSON.stringify(job), at],
  );
}
