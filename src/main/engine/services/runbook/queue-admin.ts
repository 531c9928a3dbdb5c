import { AppError } from '../../../../shared/errors';
import type { DeadJob, QueueStatus } from '../../../../shared/schemas/queue';
import type { DecisionView } from '../../../../shared/schemas/decision';
import type { Caller, Principal } from '../../ports/records';
import { SYSTEM_WORKSPACE } from '../../ports/audit-store';
import type { ServiceDeps } from '../deps';
import { auditEvent, opsAuditEvent } from '../audit-events';
import type { LiveWorker } from '../../ports/worker-registry';

export interface WorkerLoad {
  concurrency: number;
  busy: number;
  /** The worker processes alive now (the registry's view). */
  processes(): Promise<LiveWorker[]>;
}

export async function queueStatus(deps: ServiceDeps, principal: Principal, load: WorkerLoad): Promise<QueueStatus> {
  const now = deps.clock.now();
  const counts = await deps.queue.counts(principal.workspaceId, now);
  const iso = (ms: number) => new Date(ms).toISOString();
  const processes = (await load.processes()).map((w) => ({
    owner: w.owner,
    host: w.host,
    pid: w.pid,
    concurrency: w.concurrency,
    started_at: iso(w.startedAt),
    last_beat_at: iso(w.lastBeatAt),
  }));
  return {
    paused: await deps.queue.isPaused(),
    depth: counts.ready + counts.delayed + counts.leased,
    ready: counts.ready,
    delayed: counts.delayed,
    leased: counts.leased,
    dead: counts.dead,
    oldest_ready_age_ms: counts.oldestReadyAt === null ? null : Math.max(0, now - counts.oldestReadyAt),
    workers: { concurrency: load.concurrency, busy: load.busy, processes },
  };
}

/** Pause or resume claiming for the whole engine; recorded in the ops audit log with the reason. */
export async function setQueuePaused(
  deps: ServiceDeps,
  principal: Caller,
  paused: boolean,
  reason: string,
  load: WorkerLoad,
): Promise<QueueStatus> {
  await deps.queue.setPaused(paused);
  await deps.store.appendOpsAudit(
    opsAuditEvent(paused ? 'QUEUE_PAUSED' : 'QUEUE_RESUMED', {
      // The queue is every workspace's: the event goes where every workspace's timeline reads it.
      workspaceId: SYSTEM_WORKSPACE,
      actor: principal.name,
      target: 'queue',
      payload: { reason, key_id: principal.keyId, workspace_id: principal.workspaceId },
      requestId: principal.requestId,
      at: deps.clock.now(),
    }),
  );
  return queueStatus(deps, principal, load);
}

export async function listDeadJobs(deps: ServiceDeps, principal: Principal): Promise<{ items: DeadJob[] }> {
  return { items: await deps.queue.listDead(principal.workspaceId, 500) };
}

/** Puts a dead-lettered job back: the decision returns to `queued` and the task's trace records who and why. */
export async function retryDeadJob(
  deps: ServiceDeps,
  principal: Caller,
  jobId: string,
  reason: string,
  onEnqueued?: () => void,
): Promise<DecisionView> {
  const job = await deps.queue.getDeadJob(principal.workspaceId, jobId);
  if (!job) throw new AppError('not_found', `no dead-lettered job ${jobId}`);
  await deps.store.requeueDecision(
    principal.workspaceId,
    job.decision_id,
    jobId,
    auditEvent('RUNBOOK_ACTION', {
      taskId: job.task_id,
      decisionId: job.decision_id,
      actor: principal.name,
      requestId: principal.requestId,
      at: deps.clock.now(),
      payload: { action: 'queue.retry_dead_job', job_id: jobId, reason, key_id: principal.keyId },
    }),
  );
  onEnqueued?.();
  return (await deps.store.getDecision(principal.workspaceId, job.decision_id)) as DecisionView;
}
