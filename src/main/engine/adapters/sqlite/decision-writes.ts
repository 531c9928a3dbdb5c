import { AppError } from '../../../../shared/errors';
import type { DecisionView, Review } from '../../../../shared/schemas/decision';
import type { UnblockResult } from '../../../../shared/schemas/audit';
import type { DecisionWrites } from '../../ports/audit-store';
import type { NewAudit, Outcome, Submission, SubmissionResult, WorkItem } from '../../ports/records';
import type { Db } from './database';
import { prepareAuditInsert } from './audit-rows';
import { toSqlTime, toSqlTimeOrNull } from './sql-time';
import { decisionViewFromRow, type DecisionRow } from './decision-rows';
import { groupCommit } from './group-commit';
import { sqliteStatsRollup } from './stats-rollup';

export function sqliteDecisionWrites(db: Db): DecisionWrites {
  const insertAudit = prepareAuditInsert(db);
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
                                  created_at, updated_at)
    VALUES (?, ?, ?, ?, 'ready', ?, 0, ?, ?, ?)`);
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
    WHERE workspace_id = ? AND decision_id = ? AND status = 'needs_review'`);
  const getTask = db.prepare('SELECT status, last_decision_id FROM tasks WHERE workspace_id = ? AND task_id = ?');
  const unblock = db.prepare(`
    UPDATE tasks SET status = 'RUNNING', updated_at = ? WHERE workspace_id = ? AND task_id = ? AND status = 'BLOCKED'`);
  const requeue = db.prepare(`
    UPDATE decisions SET status = 'queued', last_error = NULL, updated_at = ?
    WHERE workspace_id = ? AND decision_id = ? AND status = 'failed'`);
  const taskToPending = db.prepare(`
    UPDATE tasks SET status = 'PENDING', updated_at = ? WHERE workspace_id = ? AND task_id = ? AND last_decision_id = ?`);

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
    insertEvent.run(`evt_${decision.decisionId}`, decision.workspaceId, decision.taskId, decision.decisionId, inputs, at);
    for (const audit of s.audits) insertAudit(decision.workspaceId, audit);
    insertJob.run(job.jobId, job.decisionId, job.workspaceId, job.taskId, job.priority, job.runAt, at, at);
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
          const row = getDecisionRow.get(workspaceId, decisionId) as DecisionRow | undefined;
          if (!row) throw new AppError('not_found', `no decision ${decisionId}`);
          if (row.status !== 'needs_review') {
            throw new AppError('invalid_state', `decision ${decisionId} is ${row.status}; only needs_review decisions are reviewed`);
          }
          const status = verdict.verdict === 'approve' ? 'approved' : 'blocked';
          const at = toSqlTime(audit.createdAt);
          review.run(status, JSON.stringify(verdict), at, workspaceId, decisionId);
          setTaskStatus.run(status === 'approved' ? 'RUNNING' : 'BLOCKED', at, workspaceId, row.task_id, decisionId);
          insertAudit(workspaceId, audit);
          return decisionViewFromRow(getDecisionRow.get(workspaceId, decisionId) as DecisionRow);
        })
        .immediate();
    },
    async unblockTask(workspaceId, taskId, audit) {
      return db
        .transaction((): UnblockResult => {
          const task = getTask.get(workspaceId, taskId) as { status: string } | undefined;
          if (!task) throw new AppError('not_found', `no task ${taskId}`);
          if (task.status !== 'BLOCKED') throw new AppError('not_blocked', `task ${taskId} is ${task.status}, not BLOCKED`);
          unblock.run(toSqlTime(audit.createdAt), workspaceId, taskId);
          insertAudit(workspaceId, audit);
          return { task_id: taskId, status: 'RUNNING', audit_id: audit.auditId };
        })
        .immediate();
    },
    async appendAudit(workspaceId, audit) {
      insertAudit(workspaceId, audit);
    },
    async requeueDecision(workspaceId, decisionId, audit) {
      db.transaction(() => {
        const at = toSqlTime(audit.createdAt);
        if (requeue.run(at, workspaceId, decisionId).changes === 0) return;
        taskToPending.run(at, workspaceId, audit.taskId, decisionId);
        insertAudit(workspaceId, audit);
      }).immediate();
    },
  };
}
