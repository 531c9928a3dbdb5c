import { AppError } from '../../../../shared/errors';
import type { DecisionView, Review } from '../../../../shared/schemas/decision';
import type { TaskStatus, UnblockResult } from '../../../../shared/schemas/audit';
import { purgeTransition, reconcileTransition, rejudgeTransition, requeueTransition, reviewTransition, undoReviewTransition, unblockTransition, type DecisionTransition } from '../../domain/decision-lifecycle';
import { requireDecision, requireTask } from '../../domain/require-found';
import type { DecisionWrites } from '../../ports/audit-store';
import type { NewAudit, Outcome, Submission, SubmissionResult, WorkItem } from '../../ports/records';
import type { Db } from './database';
import { prepareAuditInsert } from './audit-rows';
import { toSqlTime, toSqlTimeOrNull } from './sql-time';
import { decisionViewFromRow, type DecisionRow } from '../store-rows/decision-rows';
import { groupCommit } from './group-commit';
import { prepareEntityInsert } from './entity-rows';
import { sqliteStatsRollup } from './stats-rollup';

export function sqliteDecisionWrites(db: Db): DecisionWrites {
  const insertAudit = prepareAuditInsert(db);
  const insertEntities = prepareEntityInsert(db);
  const findIdempotency = db.prepare(
    'SELECT decision_id, payload_hash, expires_at FROM idempotency_keys WHERE workspace_id = ? AND client_request_id = ?',
  );
  const upsertIdempotency = db.prepare(`
    INSERT INTO idempotency_keys (workspace_id, client_request_id, payload_hash, decision_id, expires_at)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (workspace_id, client_request_id) DO UPDATE SET
      payload_hash = excluded.payload_hash, decision_id = excluded.decision_id, expires_at = excluded.expires_at`);
  const upsertTask = db.prepare(`
    INSERT INTO tasks (workspace_id, task_id, decision_type, status, last_decision_id, created_at, updated_at)
    VALUES (?, ?, ?, 'PENDING', ?, ?, ?)
    ON CONFLICT (workspace_id, task_id) DO UPDATE SET
      status = 'PENDING', last_decision_id = excluded.last_decision_id, updated_at = excluded.updated_at`);
  const insertDecision = db.prepare(`
    INSERT INTO decisions (decision_id, workspace_id, task_id, decision_type, status, client_request_id, inputs,
                           source_event_ts, enqueued_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare(`
    INSERT INTO task_events (event_id, workspace_id, task_id, decision_id, event_type, payload, created_at)
    VALUES (?, ?, ?, ?, 'decision.requested', ?, ?)`);
  const insertJob = db.prepare(`
    INSERT INTO supervisor_inbox (job_id, decision_id, workspace_id, task_id, status, priority, attempts, run_at,
                                  created_at, updated_at, traceparent)
    VALUES (?, ?, ?, ?, 'ready', ?, 0, ?, ?, ?, ?)`);
  const markProcessing = db.prepare(`
    UPDATE decisions SET status = 'processing', attempts = ?, processing_started_at = ?, updated_at = ?
    WHERE decision_id = ? AND status IN ('queued', 'processing')`);
  const finish = db.prepare(`
    UPDATE decisions SET status = ?, signals = ?, findings = ?, risk_score = ?, policy_version = ?, policy_hash = ?,
                         processed_at = ?, lag_ms = ?, last_error = ?, updated_at = ?
    WHERE decision_id = ? AND status IN ('queued', 'processing')`);
  const setTaskStatus = db.prepare(`
    UPDATE tasks SET status = ?, updated_at = ? WHERE workspace_id = ? AND task_id = ? AND last_decision_id = ?`);
  const retryDecision = db.prepare(`
    UPDATE decisions SET status = 'queued', last_error = ?, updated_at = ?
    WHERE decision_id = ? AND status IN ('queued', 'processing')`);
  const workspaceOf = db.prepare('SELECT workspace_id FROM decisions WHERE decision_id = ?').pluck();
  const getDecisionRow = db.prepare('SELECT * FROM decisions WHERE workspace_id = ? AND decision_id = ?');
  const review = db.prepare(`
    UPDATE decisions SET status = ?, review = ?, updated_at = ?
    WHERE workspace_id = ? AND decision_id = ? AND status = ?`);
  const getTask = db.prepare('SELECT status FROM tasks WHERE workspace_id = ? AND task_id = ?').pluck();
  const setTaskFrom = db.prepare(`
    UPDATE tasks SET status = ?, updated_at = ? WHERE workspace_id = ? AND task_id = ? AND status = ?`);
  const setDecisionFrom = db.prepare(`
    UPDATE decisions SET status = ?, last_error = NULL, updated_at = ?
    WHERE workspace_id = ? AND decision_id = ? AND status = ?`);
  const reviveJob = db.prepare(`
    UPDATE supervisor_inbox SET status = 'ready', attempts = 0, run_at = ?, last_error = NULL, lease_owner = NULL,
                                lease_until = NULL, updated_at = ?
    WHERE job_id = ? AND workspace_id = ? AND decision_id = ? AND status = 'dead'`);
  const failDecisionFrom = db.prepare(`
    UPDATE decisions SET status = ?, last_error = ?, updated_at = ?
    WHERE workspace_id = ? AND decision_id = ? AND status = ?`);
  const insertJobUnlessThere = db.prepare(`
    INSERT INTO supervisor_inbox (job_id, decision_id, workspace_id, task_id, status, priority, attempts, run_at,
                                  created_at, updated_at)
    VALUES (?, ?, ?, ?, 'ready', ?, 0, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING`);
  const jobsOfDecision = db.prepare(`
    SELECT job_id, status FROM supervisor_inbox INDEXED BY idx_supervisor_inbox_task_id WHERE task_id = ? AND decision_id = ?`);

  /** Applies a guarded transition; a row that moved on meanwhile is a conflict, not a silent success. */
  const applyDecision = (workspaceId: string, decisionId: string, t: DecisionTransition, at: string, taskId: string) => {
    if (setDecisionFrom.run(t.to, at, workspaceId, decisionId, t.from).changes === 0) {
      throw new AppError('invalid_state', `decision ${decisionId} changed while the request was applied; try again`);
    }
    setTaskStatus.run(t.task, at, workspaceId, taskId, decisionId);
  };
  const requireDecisionRow = (workspaceId: string, decisionId: string): DecisionRow => {
    return requireDecision(getDecisionRow.get(workspaceId, decisionId) as DecisionRow | undefined, decisionId);
  };

  const accept = db.transaction((s: Submission): SubmissionResult => {
    const { decision, idempotency, job } = s;
    if (idempotency) {
      const found = findIdempotency.get(decision.workspaceId, idempotency.clientRequestId) as
        | { decision_id: string; payload_hash: string; expires_at: number }
        | undefined;
      if (found && found.expires_at > decision.enqueuedAt) {
        return { kind: 'existing', decisionId: found.decision_id, payloadHash: found.payload_hash };
      }
      upsertIdempotency.run(
        decision.workspaceId,
        idempotency.clientRequestId,
        idempotency.payloadHash,
        decision.decisionId,
        idempotency.expiresAt,
      );
    }
    const at = toSqlTime(decision.enqueuedAt);
    upsertTask.run(decision.workspaceId, decision.taskId, decision.decisionType, decision.decisionId, at, at);
    const inputs = JSON.stringify(decision.inputs);
    insertDecision.run(
      decision.decisionId,
      decision.workspaceId,
      decision.taskId,
      decision.decisionType,
      decision.clientRequestId,
      inputs,
      toSqlTimeOrNull(decision.sourceEventTs),
      at,
      at,
      at,
    );
    insertEntities(decision.workspaceId, decision.decisionId, decision.decisionType, decision.inputs, at);
    insertEvent.run(`evt_${decision.decisionId}`, decision.workspaceId, decision.taskId, decision.decisionId, inputs, at);
    for (const audit of s.audits) insertAudit(decision.workspaceId, audit);
    insertJob.run(job.jobId, job.decisionId, job.workspaceId, job.taskId, job.priority, job.runAt, at, at, job.traceparent ?? null);
    return { kind: 'created' };
  });

  const start = db.transaction((items: WorkItem[], audits: Map<string, NewAudit>): WorkItem[] => {
    const open: WorkItem[] = [];
    for (const item of items) {
      const audit = audits.get(item.decisionId);
      const at = toSqlTime(audit ? audit.createdAt : Date.now());
      if (markProcessing.run(item.attempt, at, at, item.decisionId).changes === 0) continue;
      if (audit) insertAudit(item.workspaceId, audit);
      open.push(item);
    }
    return open;
  });

  const rollups = sqliteStatsRollup(db);

  const record = db.transaction((outcomes: Outcome[]): string[] => {
    const written: string[] = [];
    const batch = rollups.batch();
    for (const o of outcomes) {
      const at = toSqlTime(o.processedAt);
      const changed = finish.run(
        o.status,
        o.signals ? JSON.stringify(o.signals) : null,
        JSON.stringify(o.findings),
        o.riskScore,
        o.policyVersion,
        o.policyHash,
        at,
        o.lagMs,
        o.lastError,
        at,
        o.decisionId,
      ).changes;
      if (changed === 0) continue; // already terminal: a redelivered job must not write a second outcome
      const workspaceId = workspaceOf.get(o.decisionId) as string;
      setTaskStatus.run(o.taskStatus, at, workspaceId, o.taskId, o.decisionId);
      for (const audit of o.audits) insertAudit(workspaceId, audit);
      batch.add(workspaceId, o);
      written.push(o.decisionId);
    }
    batch.write();
    return written;
  });

  const acceptGrouped = groupCommit(db, accept);

  return {
    acceptSubmission: acceptGrouped,
    async startProcessing(items, audits) {
      return start.immediate(items, audits);
    },
    async recordOutcomes(outcomes) {
      return record.immediate(outcomes);
    },
    async recordRetry(retry) {
      db.transaction(() => {
        if (retryDecision.run(retry.error, toSqlTime(retry.audit.createdAt), retry.decisionId).changes === 0) return;
        insertAudit(workspaceOf.get(retry.decisionId) as string, retry.audit);
      }).immediate();
    },
    async recordReview(workspaceId, decisionId, verdict: Review, audit) {
      return db
        .transaction((): DecisionView => {
          const row = requireDecisionRow(workspaceId, decisionId);
          const t = reviewTransition(decisionId, row.status, verdict.verdict);
          const at = toSqlTime(audit.createdAt);
          if (review.run(t.to, JSON.stringify(verdict), at, workspaceId, decisionId, t.from).changes === 0) {
            throw new AppError('invalid_state', `decision ${decisionId} changed while the review was applied; try again`);
          }
          setTaskStatus.run(t.task, at, workspaceId, row.task_id, decisionId);
          insertAudit(workspaceId, audit);
          return decisionViewFromRow(getDecisionRow.get(workspaceId, decisionId) as DecisionRow);
        })
        .immediate();
    },
    async undoReview(workspaceId, decisionId, by, audit) {
      return db
        .transaction((): DecisionView => {
          const row = requireDecisionRow(workspaceId, decisionId);
          const given = row.review === null ? null : (JSON.parse(row.review) as Review);
          const t = undoReviewTransition(decisionId, row.status, given, by, audit.createdAt);
          const at = toSqlTime(audit.createdAt);
          if (review.run(t.to, null, at, workspaceId, decisionId, t.from).changes === 0) {
            throw new AppError('invalid_state', `decision ${decisionId} changed while the undo was applied; try again`);
          }
          setTaskStatus.run(t.task, at, workspaceId, row.task_id, decisionId);
          insertAudit(workspaceId, audit);
          return decisionViewFromRow(getDecisionRow.get(workspaceId, decisionId) as DecisionRow);
        })
        .immediate();
    },
    async unblockTask(workspaceId, taskId, audit) {
      return db
        .transaction((): UnblockResult => {
          const status = requireTask(getTask.get(workspaceId, taskId) as TaskStatus | undefined, taskId);
          const t = unblockTransition(taskId, status);
          if (setTaskFrom.run(t.to, toSqlTime(audit.createdAt), workspaceId, taskId, t.from).changes === 0) {
            throw new AppError('not_blocked', `task ${taskId} changed while the unblock was applied`);
          }
          insertAudit(workspaceId, audit);
          return { task_id: taskId, status: t.to, audit_id: audit.auditId };
        })
        .immediate();
    },
    async appendAudit(workspaceId, audit) {
      insertAudit(workspaceId, audit);
    },
    async requeueDecision(workspaceId, decisionId, jobId, audit) {
      db.transaction(() => {
        const row = requireDecisionRow(workspaceId, decisionId);
        const t = requeueTransition(decisionId, row.status);
        const at = toSqlTime(audit.createdAt);
        // The job first: when it is not dead (any more), the throw rolls the whole retry back.
        if (reviveJob.run(audit.createdAt, at, jobId, workspaceId, decisionId).changes === 0) {
          throw new AppError('not_found', `no dead-lettered job ${jobId} for decision ${decisionId}`);
        }
        applyDecision(workspaceId, decisionId, t, at, row.task_id);
        insertAudit(workspaceId, audit);
      }).immediate();
    },
    async failPurgedDecision(workspaceId, decisionId, error, audit) {
      return db
        .transaction((): boolean => {
          const row = getDecisionRow.get(workspaceId, decisionId) as DecisionRow | undefined;
          const t = row ? purgeTransition(row.status) : null;
          if (!row || !t) return false;
          const at = toSqlTime(audit.createdAt);
          if (failDecisionFrom.run(t.to, error, at, workspaceId, decisionId, t.from).changes === 0) return false;
          setTaskStatus.run(t.task, at, workspaceId, row.task_id, decisionId);
          insertAudit(workspaceId, audit);
          return true;
        })
        .immediate();
    },
    async restoreRemovedJob(workspaceId, job, audit) {
      db.transaction(() => {
        const row = requireDecisionRow(workspaceId, job.decisionId);
        const t = requeueTransition(job.decisionId, row.status);
        const at = toSqlTime(audit.createdAt);
        // The job first: when a job of that id is still there, the throw rolls the whole restore back.
        if (insertJobUnlessThere.run(job.jobId, job.decisionId, workspaceId, row.task_id, job.priority, audit.createdAt, at, at).changes === 0) {
          throw new AppError('invalid_state', `job ${job.jobId} is still on the queue; it was not removed`);
        }
        applyDecision(workspaceId, job.decisionId, t, at, row.task_id);
        insertAudit(workspaceId, audit);
      }).immediate();
    },
    async requeueOrphan(orphan, jobId, audit) {
      return db
        .transaction((): boolean => {
          const row = getDecisionRow.get(orphan.workspaceId, orphan.decisionId) as DecisionRow | undefined;
          const t = row ? reconcileTransition(row.status) : null;
          if (!row || !t) return false;
          const jobs = jobsOfDecision.all(row.task_id, row.decision_id) as { job_id: string; status: string }[];
          if (jobs.some((j) => j.status !== 'dead')) return false; // it has a live job: not an orphan
          const at = toSqlTime(audit.createdAt);
          const dead = jobs[0];
          if (dead) reviveJob.run(audit.createdAt, at, dead.job_id, row.workspace_id, row.decision_id);
          else insertJob.run(jobId, row.decision_id, row.workspace_id, row.task_id, 0, audit.createdAt, at, at, null);
          if (t.from !== t.to) applyDecision(row.workspace_id, row.decision_id, t, at, row.task_id);
          insertAudit(row.workspace_id, audit);
          return true;
        })
        .immediate();
    },
    async reopenDecision(workspaceId, decisionId, jobId, audit) {
      return db
        .transaction((): boolean => {
          const row = getDecisionRow.get(workspaceId, decisionId) as DecisionRow | undefined;
          const t = row ? rejudgeTransition(row.status, row.review === null ? null : (JSON.parse(row.review) as Review)) : null;
          if (!row || !t) return false;
          const jobs = jobsOfDecision.all(row.task_id, row.decision_id) as { job_id: string; status: string }[];
          if (jobs.some((j) => j.status !== 'dead')) return false; // a job will judge it already
          const at = toSqlTime(audit.createdAt);
          const dead = jobs[0];
          if (dead) reviveJob.run(audit.createdAt, at, dead.job_id, workspaceId, decisionId);
          else insertJob.run(jobId, decisionId, workspaceId, row.task_id, 0, audit.createdAt, at, at, null);
          applyDecision(workspaceId, decisionId, t, at, row.task_id);
          insertAudit(workspaceId, audit);
          return true;
        })
        .immediate();
    },
  };
}
