import { AppError } from '../../../../shared/errors';
import { entitiesOf } from '../../../../shared/entities';
import type { DecisionStatus, DecisionView, Review } from '../../../../shared/schemas/decision';
import type { TaskStatus } from '../../../../shared/schemas/audit';
import { purgeTransition, reconcileTransition, rejudgeTransition, requeueTransition, reviewTransition, undoReviewTransition, unblockTransition, type DecisionTransition } from '../../domain/decision-lifecycle';
import { minuteStatsCollector } from '../../domain/decision-stats';
import { requireDecision, requireTask } from '../../domain/require-found';
import type { DecisionWrites } from '../../ports/audit-store';
import type { NewAudit, NewDecision, Outcome, Submission, SubmissionResult, WorkItem } from '../../ports/records';
import { decisionViewFromRow, type DecisionRow } from '../store-rows/decision-rows';
import { insertAudits } from './pg-audit-rows';
import { decisionColumns } from './pg-decision-rows';
import { insertOutboxJob, type OutboxDecision } from './pg-outbox-rows';
import type { PgClient, PgPool } from './pg-pool';
import { addMinuteStats } from './pg-stats-rollup';
import { fromMs } from './pg-time';
import { inRetriedTransaction, type PgQueryable } from './pg-transaction';
import { DEFAULT_ORPHAN_AFTER_MS, type PgDecisionStoreOptions } from './pg-store-options';

const OPEN = `('queued', 'processing')`;

/** The decision columns a guarded transition and an outbox job need, read under the row's lock. */
interface LockedDecision {
  decision_id: string;
  workspace_id: string;
  task_id: string;
  decision_type: OutboxDecision['decisionType'];
  status: DecisionStatus;
  inputs: OutboxDecision['inputs'];
  source_event_ts: number | null;
  enqueued_at: number;
  updated_at: number;
  review: Review | null;
}

async function lockDecision(db: PgQueryable, workspaceId: string, decisionId: string): Promise<LockedDecision | undefined> {
  const { rows } = await db.query<LockedDecision>(
    `SELECT decision_id, workspace_id, task_id, decision_type, status, inputs, source_event_ts, enqueued_at, updated_at, review
     FROM decisions WHERE workspace_id = $1 AND decision_id = $2 FOR UPDATE`,
    [workspaceId, decisionId],
  );
  return rows[0];
}

const outboxDecision = (row: LockedDecision): OutboxDecision => ({
  decisionId: row.decision_id,
  workspaceId: row.workspace_id,
  taskId: row.task_id,
  decisionType: row.decision_type,
  inputs: row.inputs,
  sourceEventTs: row.source_event_ts,
  enqueuedAt: row.enqueued_at,
});

/** The task follows its decision only while that decision is still the task's last one. */
async function setTaskStatus(db: PgQueryable, workspaceId: string, taskId: string, decisionId: string, status: TaskStatus, at: number) {
  await db.query(
    `UPDATE tasks SET status = $1, updated_at = ${fromMs('$2')} WHERE workspace_id = $3 AND task_id = $4 AND last_decision_id = $5`,
    [status, at, workspaceId, taskId, decisionId],
  );
}

/** Applies a guarded transition; a row that moved on meanwhile is a conflict, not a silent success. */
async function applyDecision(db: PgQueryable, row: LockedDecision, t: DecisionTransition, at: number): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE decisions SET status = $1, last_error = NULL, updated_at = ${fromMs('$2')}
     WHERE workspace_id = $3 AND decision_id = $4 AND status = $5`,
    [t.to, at, row.workspace_id, row.decision_id, t.from],
  );
  if (rowCount === 0) throw new AppError('invalid_state', `decision ${row.decision_id} changed while the request was applied; try again`);
  await setTaskStatus(db, row.workspace_id, row.task_id, row.decision_id, t.task, at);
}

/**
 * Claims the idempotency key for this decision (replacing an expired one), or returns who holds it. A concurrent
 * submission with the same key waits on the key's row and then finds it held: exactly one decision is created.
 */
async function claimIdempotencyKey(db: PgQueryable, decision: NewDecision, key: NonNullable<Submission['idempotency']>): Promise<SubmissionResult | null> {
  for (;;) {
    const claimed = await db.query(
      `INSERT INTO idempotency_keys AS k (workspace_id, client_request_id, payload_hash, decision_id, expires_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, client_request_id) DO UPDATE SET
         payload_hash = excluded.payload_hash, decision_id = excluded.decision_id, expires_at = excluded.expires_at
       WHERE k.expires_at <= $6`,
      [decision.workspaceId, key.clientRequestId, key.payloadHash, decision.decisionId, key.expiresAt, decision.enqueuedAt],
    );
    if (claimed.rowCount === 1) return null;
    const { rows } = await db.query<{ decision_id: string; payload_hash: string }>(
      'SELECT decision_id, payload_hash FROM idempotency_keys WHERE workspace_id = $1 AND client_request_id = $2',
      [decision.workspaceId, key.clientRequestId],
    );
    const held = rows[0];
    if (held) return { kind: 'existing', decisionId: held.decision_id, payloadHash: held.payload_hash };
    // Pruned between the two statements: claim it again.
  }
}

/** The task (new, or PENDING again with this decision as its last), then the decision, its event and entity rows. */
async function insertDecision(db: PgQueryable, d: NewDecision): Promise<void> {
  const at = fromMs('$4');
  await db.query(
    `INSERT INTO tasks (workspace_id, task_id, decision_type, status, last_decision_id, created_at, updated_at)
     VALUES ($1, $2, $3, 'PENDING', $5, ${at}, ${at})
     ON CONFLICT (workspace_id, task_id) DO UPDATE SET
       status = 'PENDING', last_decision_id = excluded.last_decision_id, updated_at = excluded.updated_at`,
    [d.workspaceId, d.taskId, d.decisionType, d.enqueuedAt, d.decisionId],
  );
  const entities = entitiesOf(d.decisionType, d.inputs);
  // One statement: the event and entity rows are written with the decision (foreign keys are checked at its end).
  await db.query(
    `WITH decision AS (
       INSERT INTO decisions (decision_id, workspace_id, task_id, decision_type, status, client_request_id, inputs,
                              source_event_ts, enqueued_at, created_at, updated_at)
       VALUES ($1, $2, $3, $10, 'queued', $5, $6::jsonb, ${fromMs('$7')}, ${at}, ${at}, ${at})),
     event AS (
       INSERT INTO task_events (event_id, workspace_id, task_id, decision_id, event_type, payload, created_at)
       VALUES ('evt_' || $1, $2, $3, $1, 'decision.requested', $6::jsonb, ${at}))
     INSERT INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
     SELECT $2, id, ${at}, $1, kind FROM unnest($8::text[], $9::text[]) AS e(id, kind)
     ON CONFLICT DO NOTHING`,
    [
      d.decisionId,
      d.workspaceId,
      d.taskId,
      d.enqueuedAt,
      d.clientRequestId,
      JSON.stringify(d.inputs),
      d.sourceEventTs,
      entities.map((e) => e.id),
      entities.map((e) => e.kind),
      d.decisionType,
    ],
  );
}

export function pgDecisionWrites(pool: PgPool, options: PgDecisionStoreOptions = {}): DecisionWrites {
  const orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS;
  const now = options.now ?? Date.now;

  return {
    async acceptSubmission(s) {
      return inRetriedTransaction(pool, async (client): Promise<SubmissionResult> => {
        const { decision: d, idempotency, job } = s;
        if (idempotency) {
          const held = await claimIdempotencyKey(client, d, idempotency);
          if (held) return held;
        }
        await insertDecision(client, d);
        await insertOutboxJob(client, { ...d, traceparent: job.traceparent ?? null }, job.priority, job.runAt, d.enqueuedAt);
        await insertAudits(client, s.audits.map((audit) => ({ workspaceId: d.workspaceId, audit })));
        return { kind: 'created' };
      });
    },

    async startProcessing(items, audits) {
      const unique = uniqueBy(items, (i) => i.decisionId);
      if (unique.length === 0) return [];
      const at = (i: WorkItem) => audits.get(i.decisionId)?.createdAt ?? Date.now();
      return inRetriedTransaction(pool, async (client) => {
        const { rows } = await client.query<{ decision_id: string }>(
          `WITH v AS (SELECT * FROM unnest($1::text[], $2::int[], $3::float8[]) AS v(id, attempt, at)),
           locked AS (SELECT decision_id FROM decisions WHERE decision_id IN (SELECT id FROM v) AND status IN ${OPEN}
                      ORDER BY decision_id FOR UPDATE)
           UPDATE decisions d SET status = 'processing', attempts = v.attempt, processing_started_at = ${fromMs('v.at')},
                                  updated_at = ${fromMs('v.at')}
           FROM v WHERE d.decision_id = v.id AND d.decision_id IN (SELECT decision_id FROM locked) AND d.status IN ${OPEN}
           RETURNING d.decision_id`,
          [unique.map((i) => i.decisionId), unique.map((i) => i.attempt), unique.map(at)],
        );
        const started = new Set(rows.map((r) => r.decision_id));
        const open = unique.filter((i) => started.has(i.decisionId));
        await insertAudits(client, open.flatMap((i) => {
          const audit = audits.get(i.decisionId);
          return audit ? [{ workspaceId: i.workspaceId, audit }] : [];
        }));
        return open;
      });
    },

    async recordOutcomes(outcomes) {
      const unique = uniqueBy(outcomes, (o) => o.decisionId);
      if (unique.length === 0) return [];
      return inRetriedTransaction(pool, async (client) => {
        const finished = await finishDecisions(client, unique);
        const written = unique.filter((o) => finished.has(o.decisionId));
        const workspaceOf = (o: Outcome) => finished.get(o.decisionId) as string;
        await setTaskStatuses(client, written.map((o) => ({ workspaceId: workspaceOf(o), o })));
        await insertAudits(client, written.flatMap((o) => o.audits.map((audit) => ({ workspaceId: workspaceOf(o), audit }))));
        const stats = minuteStatsCollector();
        for (const o of written) stats.add(workspaceOf(o), o);
        await addMinuteStats(client, stats.rows());
        return written.map((o) => o.decisionId);
      });
    },

    async recordRetry(retry) {
      await inRetriedTransaction(pool, async (client) => {
        const { rows } = await client.query<{ workspace_id: string }>(
          `UPDATE decisions SET status = 'queued', last_error = $1, updated_at = ${fromMs('$2')}
           WHERE decision_id = $3 AND status IN ${OPEN} RETURNING workspace_id`,
          [retry.error, retry.audit.createdAt, retry.decisionId],
        );
        const found = rows[0];
        if (found) await insertAudits(client, [{ workspaceId: found.workspace_id, audit: retry.audit }]);
      });
    },

    async recordReview(workspaceId, decisionId, verdict, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const row = requireDecision(await lockDecision(client, workspaceId, decisionId), decisionId);
        const t = reviewTransition(decisionId, row.status, verdict.verdict);
        return writeReview(client, row, t, JSON.stringify(verdict), audit);
      });
    },

    async undoReview(workspaceId, decisionId, by, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const row = requireDecision(await lockDecision(client, workspaceId, decisionId), decisionId);
        const t = undoReviewTransition(decisionId, row.status, row.review, by, audit.createdAt);
        return writeReview(client, row, t, null, audit);
      });
    },

    async unblockTask(workspaceId, taskId, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const { rows } = await client.query<{ status: TaskStatus }>(
          'SELECT status FROM tasks WHERE workspace_id = $1 AND task_id = $2 FOR UPDATE',
          [workspaceId, taskId],
        );
        const t = unblockTransition(taskId, requireTask(rows[0], taskId).status);
        const { rowCount } = await client.query(
          `UPDATE tasks SET status = $1, updated_at = ${fromMs('$2')} WHERE workspace_id = $3 AND task_id = $4 AND status = $5`,
          [t.to, audit.createdAt, workspaceId, taskId, t.from],
        );
        if (rowCount === 0) throw new AppError('not_blocked', `task ${taskId} changed while the unblock was applied`);
        await insertAudits(client, [{ workspaceId, audit }]);
        return { task_id: taskId, status: t.to, audit_id: audit.auditId };
      });
    },

    async appendAudit(workspaceId, audit) {
      await insertAudits(pool, [{ workspaceId, audit }]);
    },

    /**
     * The failed decision goes back to `queued` with a new outbox row in one transaction; the relay's enqueue under
     * the decision id revives the dead job. Every job this store sends carries the decision id as its id, so a dead
     * job of another id is not this decision's.
     */
    async requeueDecision(workspaceId, decisionId, jobId, audit) {
      await inRetriedTransaction(pool, async (client) => {
        const row = requireDecision(await lockDecision(client, workspaceId, decisionId), decisionId);
        const t = requeueTransition(decisionId, row.status);
        if (jobId !== decisionId) throw new AppError('not_found', `no dead-lettered job ${jobId} for decision ${decisionId}`);
        await applyDecision(client, row, t, audit.createdAt);
        await insertOutboxJob(client, outboxDecision(row), 0, audit.createdAt, audit.createdAt);
        await insertAudits(client, [{ workspaceId, audit }]);
      });
    },

    async failPurgedDecision(workspaceId, decisionId, error, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const row = await lockDecision(client, workspaceId, decisionId);
        const t = row ? purgeTransition(row.status) : null;
        if (!row || !t) return false;
        const { rowCount } = await client.query(
          `UPDATE decisions SET status = $1, last_error = $2, updated_at = ${fromMs('$3')}
           WHERE workspace_id = $4 AND decision_id = $5 AND status = $6`,
          [t.to, error, audit.createdAt, workspaceId, decisionId, t.from],
        );
        if (rowCount === 0) return false;
        await setTaskStatus(client, workspaceId, row.task_id, decisionId, t.task, audit.createdAt);
        await insertAudits(client, [{ workspaceId, audit }]);
        return true;
      });
    },

    /** As requeueDecision: the relay's enqueue under the decision id puts the removed job back on the queue. */
    async restoreRemovedJob(workspaceId, job, audit) {
      await inRetriedTransaction(pool, async (client) => {
        const row = requireDecision(await lockDecision(client, workspaceId, job.decisionId), job.decisionId);
        const t = requeueTransition(job.decisionId, row.status);
        if (job.jobId !== job.decisionId) throw new AppError('not_found', `no removed job ${job.jobId} for decision ${job.decisionId}`);
        await applyDecision(client, row, t, audit.createdAt);
        await insertOutboxJob(client, outboxDecision(row), job.priority, audit.createdAt, audit.createdAt);
        await insertAudits(client, [{ workspaceId, audit }]);
      });
    },

    /**
     * Re-checks under the decision's lock: still open, no job waiting in the outbox, unchanged for the orphan window.
     * The outbox row it writes is enqueued under the decision id, which the queue ignores while that job is alive,
     * so requeueing a decision whose job was only slow changes nothing on the queue. A decision that stays queued
     * still gets a fresh updated_at, so the next run does not take it for an orphan again at once.
     */
    async requeueOrphan(orphan, _jobId, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const row = await lockDecision(client, orphan.workspaceId, orphan.decisionId);
        const t = row ? reconcileTransition(row.status) : null;
        if (!row || !t) return false;
        if (row.updated_at > now() - orphanAfterMs) return false;
        const pending = await client.query('SELECT 1 FROM supervisor_inbox WHERE decision_id = $1 LIMIT 1', [row.decision_id]);
        if (pending.rowCount !== 0) return false;
        if (t.from !== t.to) {
          await applyDecision(client, row, t, audit.createdAt);
        } else {
          await client.query(`UPDATE decisions SET updated_at = ${fromMs('$1')} WHERE decision_id = $2`, [audit.createdAt, row.decision_id]);
        }
        await insertOutboxJob(client, outboxDecision(row), 0, audit.createdAt, audit.createdAt);
        await insertAudits(client, [{ workspaceId: row.workspace_id, audit }]);
        return true;
      });
    },

    /**
     * The outbox row is enqueued under the decision id: its completed job was removed on completion and a dead one
     * is revived, so the decision gets exactly one live job.
     */
    async reopenDecision(workspaceId, decisionId, _jobId, audit) {
      return inRetriedTransaction(pool, async (client) => {
        const row = await lockDecision(client, workspaceId, decisionId);
        const t = row ? rejudgeTransition(row.status, row.review) : null;
        if (!row || !t) return false;
        await applyDecision(client, row, t, audit.createdAt);
        await insertOutboxJob(client, outboxDecision(row), 0, audit.createdAt, audit.createdAt);
        await insertAudits(client, [{ workspaceId, audit }]);
        return true;
      });
    },
  };
}

/** The first item of each key: one UPDATE ... FROM may write a row once, so a batch names each decision once. */
function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** Terminal writes of still-open decisions, locked in id order; returns the workspace of each decision written. */
async function finishDecisions(client: PgClient, outcomes: Outcome[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ decision_id: string; workspace_id: string }>(
    `WITH v AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::int[], $7::text[], $8::float8[],
                            $9::float8[], $10::text[])
         AS v(id, status, signals, findings, risk, policy_version, policy_hash, at, lag, error)),
     locked AS (SELECT decision_id FROM decisions WHERE decision_id IN (SELECT id FROM v) AND status IN ${OPEN}
                ORDER BY decision_id FOR UPDATE)
     UPDATE decisions d SET status = v.status, signals = v.signals::jsonb, findings = v.findings::jsonb, risk_score = v.risk,
                            policy_version = v.policy_version, policy_hash = v.policy_hash, processed_at = ${fromMs('v.at')},
                            lag_ms = v.lag, last_error = v.error, updated_at = ${fromMs('v.at')}
     FROM v WHERE d.decision_id = v.id AND d.decision_id IN (SELECT decision_id FROM locked) AND d.status IN ${OPEN}
     RETURNING d.decision_id, d.workspace_id`,
    [
      outcomes.map((o) => o.decisionId),
      outcomes.map((o) => o.status),
      outcomes.map((o) => (o.signals ? JSON.stringify(o.signals) : null)),
      outcomes.map((o) => JSON.stringify(o.findings)),
      outcomes.map((o) => o.riskScore),
      outcomes.map((o) => o.policyVersion),
      outcomes.map((o) => o.policyHash),
      outcomes.map((o) => o.processedAt),
      outcomes.map((o) => o.lagMs),
      outcomes.map((o) => o.lastError),
    ],
  );
  return new Map(rows.map((r) => [r.decision_id, r.workspace_id]));
}

/** Each written decision's task follows it (when it is still the task's last decision); tasks locked in key order. */
async function setTaskStatuses(client: PgClient, written: { workspaceId: string; o: Outcome }[]): Promise<void> {
  if (written.length === 0) return;
  await client.query(
    `WITH v AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[]) AS v(ws, task, dec, status, at)),
     locked AS (SELECT t.workspace_id, t.task_id FROM tasks t JOIN v ON t.workspace_id = v.ws AND t.task_id = v.task
                WHERE t.last_decision_id = v.dec ORDER BY t.workspace_id, t.task_id FOR NO KEY UPDATE OF t)
     UPDATE tasks t SET status = v.status, updated_at = ${fromMs('v.at')}
     FROM v WHERE t.workspace_id = v.ws AND t.task_id = v.task AND t.last_decision_id = v.dec
       AND (t.workspace_id, t.task_id) IN (SELECT workspace_id, task_id FROM locked)`,
    [
      written.map((w) => w.workspaceId),
      written.map((w) => w.o.taskId),
      written.map((w) => w.o.decisionId),
      written.map((w) => w.o.taskStatus),
      written.map((w) => w.o.processedAt),
    ],
  );
}

/** A verdict given or taken back: the decision, its task and the audit, then the decision as it now reads. */
async function writeReview(client: PgClient, row: LockedDecision, t: DecisionTransition, review: string | null, audit: NewAudit): Promise<DecisionView> {
  const { rows } = await client.query<DecisionRow>(
    `UPDATE decisions d SET status = $1, review = $2::jsonb, updated_at = ${fromMs('$3')}
     WHERE workspace_id = $4 AND decision_id = $5 AND status = $6
     RETURNING ${decisionColumns('d')}`,
    [t.to, review, audit.createdAt, row.workspace_id, row.decision_id, t.from],
  );
  const updated = rows[0];
  if (!updated) throw new AppError('invalid_state', `decision ${row.decision_id} changed while the review was applied; try again`);
  await setTaskStatus(client, row.workspace_id, row.task_id, row.decision_id, t.task, audit.createdAt);
  await insertAudits(client, [{ workspaceId: row.workspace_id, audit }]);
  return decisionViewFromRow(updated);
}
