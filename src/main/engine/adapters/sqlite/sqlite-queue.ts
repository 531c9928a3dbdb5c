import type { JobQueue, QueueCounts, QueueReads, QueueWrites, QueuedJob, WaitingJob, WaitingJobFilter } from '../../ports/job-queue';
import type { WorkItem } from '../../ports/records';
import type { DeadJob } from '../../../../shared/schemas/queue';
import type { Db } from './database';
import { toSqlTime } from './sql-time';
import { sqlTimeToIso, sqlTimeToMs } from '../store-rows/stored-time';

interface ClaimRow {
  job_id: string;
  attempts: number;
  decision_id: string;
  workspace_id: string;
  task_id: string;
  decision_type: WorkItem['decisionType'];
  status: WorkItem['status'];
  inputs: string;
  source_event_ts: string | null;
  enqueued_at: string;
  traceparent: string | null;
}

interface DeadRow {
  job_id: string;
  decision_id: string;
  task_id: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

const deadJobFromRow = (r: DeadRow): DeadJob => ({
  job_id: r.job_id,
  decision_id: r.decision_id,
  task_id: r.task_id,
  attempts: r.attempts,
  last_error: r.last_error,
  failed_at: sqlTimeToIso(r.updated_at),
});

interface WaitingRow {
  job_id: string;
  priority: number;
  decision_id: string;
  workspace_id: string;
  task_id: string;
  decision_type: WorkItem['decisionType'];
  inputs: string;
  source_event_ts: string | null;
  enqueued_at: string;
}

const waitingJobFromRow = (r: WaitingRow): WaitingJob => ({
  jobId: r.job_id,
  priority: r.priority,
  decisionId: r.decision_id,
  workspaceId: r.workspace_id,
  taskId: r.task_id,
  decisionType: r.decision_type,
  inputs: JSON.parse(r.inputs),
  sourceEventTs: r.source_event_ts === null ? null : sqlTimeToMs(r.source_event_ts),
  enqueuedAt: sqlTimeToMs(r.enqueued_at),
});

/** The waiting jobs query for a filter: only the clauses of the fields given, so each is a plain index-friendly test. */
function waitingQuery(workspaceId: string, filter: WaitingJobFilter, limit: number): { sql: string; args: unknown[] } {
  const where = [`i.status = 'ready'`, 'i.workspace_id = ?'];
  const args: unknown[] = [workspaceId];
  if (filter.jobIds !== undefined) {
    where.push(`i.job_id IN (${filter.jobIds.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...filter.jobIds);
  }
  if (filter.decisionType !== undefined) {
    where.push('d.decision_type = ?');
    args.push(filter.decisionType);
  }
  if (filter.taskIds !== undefined) {
    where.push(`i.task_id IN (${filter.taskIds.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...filter.taskIds);
  }
  if (filter.enqueuedBefore !== undefined) {
    where.push('d.enqueued_at < ?');
    args.push(toSqlTime(filter.enqueuedBefore));
  }
  if (filter.enqueuedAfter !== undefined) {
    where.push('d.enqueued_at > ?');
    args.push(toSqlTime(filter.enqueuedAfter));
  }
  args.push(limit);
  const sql = `
    SELECT i.job_id, i.priority, d.decision_id, d.workspace_id, d.task_id, d.decision_type, d.inputs, d.source_event_ts,
           d.enqueued_at
    FROM supervisor_inbox i JOIN decisions d ON d.decision_id = i.decision_id
    WHERE ${where.join(' AND ')} ORDER BY d.enqueued_at, i.job_id LIMIT ?`;
  return { sql, args };
}

const PAUSED_KEY = 'queue_paused';

/** Whether claiming is paused: one flag for the whole engine, read by both sides. */
function pausedFlag(db: Db) {
  const getState = db.prepare('SELECT value FROM engine_state WHERE key = ?').pluck();
  return () => getState.get(PAUSED_KEY) === 'true';
}

export function sqliteQueueReads(db: Db): QueueReads {
  const isPaused = pausedFlag(db);
  const countAll = db.prepare(`
    SELECT
      SUM(status = 'ready' AND run_at <= @now) AS ready,
      SUM(status = 'ready' AND run_at > @now) AS delayed,
      SUM(status = 'leased') AS leased,
      SUM(status = 'dead') AS dead,
      MIN(CASE WHEN status = 'ready' AND run_at <= @now THEN run_at END) AS oldest
    FROM supervisor_inbox WHERE (@ws IS NULL OR workspace_id = @ws)`);
  const dead = db.prepare(`
    SELECT job_id, decision_id, task_id, attempts, last_error, updated_at FROM supervisor_inbox
    WHERE status = 'dead' AND workspace_id = ? ORDER BY updated_at DESC LIMIT ?`);
  const deadOne = db.prepare(`
    SELECT job_id, decision_id, task_id, attempts, last_error, updated_at FROM supervisor_inbox
    WHERE job_id = ? AND workspace_id = ? AND status = 'dead'`);
  const liveOne = db.prepare(`SELECT 1 FROM supervisor_inbox WHERE job_id = ? AND status IN ('ready', 'leased')`).pluck();
  return {
    async listWaiting(workspaceId, filter, limit) {
      const { sql, args } = waitingQuery(workspaceId, filter, limit);
      return (db.prepare(sql).all(...args) as WaitingRow[]).map(waitingJobFromRow);
    },
    async liveJobs(jobIds) {
      return new Set(jobIds.filter((id) => liveOne.get(id) !== undefined));
    },
    async counts(workspaceId, now): Promise<QueueCounts> {
      const row = countAll.get({ now, ws: workspaceId }) as Record<string, number | null>;
      return {
        ready: row.ready ?? 0,
        delayed: row.delayed ?? 0,
        leased: row.leased ?? 0,
        dead: row.dead ?? 0,
        oldestReadyAt: row.oldest ?? null,
      };
    },
    async listDead(workspaceId, limit): Promise<DeadJob[]> {
      return (dead.all(workspaceId, limit) as DeadRow[]).map(deadJobFromRow);
    },
    async getDeadJob(workspaceId, jobId) {
      const row = deadOne.get(jobId, workspaceId) as DeadRow | undefined;
      return row ? deadJobFromRow(row) : null;
    },
    async isPaused() {
      return isPaused();
    },
  };
}

/**
 * The embedded queue's writes over `supervisor_inbox`. Jobs are inserted by the store in the submission
 * transaction; this side claims them with a lease, acks by deleting, retries with a later `run_at`,
 * and dead-letters after the last attempt.
 */
export interface SqliteQueueWrites extends QueueWrites {
  /** Returns every lease not held by `owner` to ready: at start, while this process holds the data-dir lock. */
  recoverLeases(exceptOwner: string): Promise<number>;
}

export function sqliteQueueWrites(db: Db): SqliteQueueWrites {
  const isPaused = pausedFlag(db);
  const reclaimExpired = db.prepare(`
    UPDATE supervisor_inbox SET status = 'ready', lease_owner = NULL, lease_until = NULL
    WHERE status = 'leased' AND lease_until < ?`);
  const pickReady = db
    .prepare(`
    SELECT job_id FROM supervisor_inbox INDEXED BY idx_supervisor_inbox_claim
    WHERE status = 'ready' AND run_at <= ? ORDER BY priority DESC, run_at LIMIT ?`)
    .pluck();
  const lease = db.prepare(`
    UPDATE supervisor_inbox SET status = 'leased', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
    WHERE job_id = ? RETURNING attempts`).pluck();
  const loadItem = db.prepare(`
    SELECT i.job_id, i.attempts, d.decision_id, d.workspace_id, d.task_id, d.decision_type, d.status, d.inputs,
           d.source_event_ts, d.enqueued_at, i.traceparent
    FROM supervisor_inbox i JOIN decisions d ON d.decision_id = i.decision_id WHERE i.job_id = ?`);
  const extend = db.prepare(`UPDATE supervisor_inbox SET lease_until = ? WHERE job_id = ? AND lease_owner = ? AND status = 'leased'`);
  const remove = db.prepare('DELETE FROM supervisor_inbox WHERE job_id = ?');
  const reschedule = db.prepare(`
    UPDATE supervisor_inbox SET status = 'ready', run_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
    WHERE job_id = ?`);
  const bury = db.prepare(`
    UPDATE supervisor_inbox SET status = 'dead', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
    WHERE job_id = ?`);
  const giveBack = db.prepare(`
    UPDATE supervisor_inbox SET status = 'ready', attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
    WHERE job_id = ? AND lease_owner = ? AND status = 'leased'`);
  const recover = db.prepare(`
    UPDATE supervisor_inbox SET status = 'ready', lease_owner = NULL, lease_until = NULL
    WHERE status = 'leased' AND lease_owner IS NOT ?`);
  const insertReady = db.prepare(`
    INSERT INTO supervisor_inbox (job_id, decision_id, workspace_id, task_id, status, priority, attempts, run_at,
                                  created_at, updated_at, traceparent)
    VALUES (@jobId, @decisionId, @workspaceId, @taskId, 'ready', @priority, 0, @runAt, @at, @at, @traceparent)
    ON CONFLICT (job_id) DO UPDATE SET status = 'ready', attempts = 0, run_at = excluded.run_at, last_error = NULL,
                                       updated_at = excluded.updated_at
    WHERE supervisor_inbox.status = 'dead'`);
  // A ready row with a later run_at is a delayed job: 'ready' is both, and never a leased one.
  const removeIn = (status: 'ready' | 'dead') => {
    const remove = db.prepare(`DELETE FROM supervisor_inbox WHERE job_id = ? AND workspace_id = ? AND status = '${status}'`);
    return db.transaction((workspaceId: string, ids: string[]) => ids.filter((id) => remove.run(id, workspaceId).changes > 0));
  };
  const removeWaiting = removeIn('ready');
  const removeDead = removeIn('dead');
  const setState = db.prepare(`
    INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);

  const claim = db.transaction((owner: string, max: number, leaseMs: number, now: number): WorkItem[] => {
    reclaimExpired.run(now);
    const ids = pickReady.all(now, max) as string[];
    const at = toSqlTime(now);
    const items: WorkItem[] = [];
    for (const id of ids) {
      lease.get(owner, now + leaseMs, at, id);
      const row = loadItem.get(id) as ClaimRow | undefined;
      if (!row) {
        remove.run(id); // the decision is gone (retention): nothing left to judge
        continue;
      }
      items.push({
        jobId: row.job_id,
        attempt: row.attempts,
        decisionId: row.decision_id,
        workspaceId: row.workspace_id,
        taskId: row.task_id,
        decisionType: row.decision_type,
        status: row.status,
        inputs: JSON.parse(row.inputs),
        sourceEventTs: row.source_event_ts === null ? null : sqlTimeToMs(row.source_event_ts),
        enqueuedAt: sqlTimeToMs(row.enqueued_at),
        ...(row.traceparent ? { traceparent: row.traceparent } : {}),
      });
    }
    return items;
  });
  const enqueueAll = db.transaction((jobs: QueuedJob[], at: string) => {
    for (const j of jobs) {
      insertReady.run({ jobId: j.jobId, decisionId: j.decisionId, workspaceId: j.workspaceId, taskId: j.taskId, priority: j.priority, runAt: j.runAt, at, traceparent: j.traceparent ?? null });
    }
  });
  const ackAll = db.transaction((ids: string[]) => {
    for (const id of ids) remove.run(id);
  });
  const extendAll = db.transaction((owner: string, ids: string[], until: number) => {
    for (const id of ids) extend.run(until, id, owner);
  });
  const releaseAll = db.transaction((owner: string, ids: string[]) => {
    for (const id of ids) giveBack.run(id, owner);
  });

  return {
    async enqueue(jobs) {
      // The inbox row joins the decision at claim time: the decision must already be in this database.
      enqueueAll.immediate(jobs, toSqlTime(Date.now()));
    },
    async claim(owner, max, leaseMs, now) {
      if (isPaused()) return [];
      return claim.immediate(owner, max, leaseMs, now);
    },
    async heartbeat(owner, jobIds, leaseMs, now) {
      extendAll.immediate(owner, jobIds, now + leaseMs);
    },
    async ack(jobIds) {
      ackAll.immediate(jobIds);
    },
    async retry(jobId, runAt, error) {
      reschedule.run(runAt, error, toSqlTime(Date.now()), jobId);
    },
    async deadLetter(jobId, error, now) {
      bury.run(error, toSqlTime(now), jobId);
    },
    async release(owner, jobIds) {
      releaseAll.immediate(owner, jobIds);
    },
    async recoverLeases(exceptOwner) {
      return recover.run(exceptOwner).changes;
    },
    async setPaused(paused) {
      setState.run(PAUSED_KEY, String(paused));
    },
    async removeWaiting(workspaceId, jobIds) {
      return removeWaiting.immediate(workspaceId, [...new Set(jobIds)]);
    },
    async removeDead(workspaceId, jobIds) {
      return removeDead.immediate(workspaceId, [...new Set(jobIds)]);
    },
  };
}

export function createSqliteQueue(db: Db): JobQueue & SqliteQueueWrites {
  return { ...sqliteQueueReads(db), ...sqliteQueueWrites(db) };
}
