import type { DecisionReads, OrphanedDecision } from '../../ports/audit-store';
import type { TaskListItem } from '../../../../shared/schemas/audit';
import type { DecisionStatus, DecisionType } from '../../../../shared/schemas/decision';
import type { Db } from './database';
import { decisionViewFromRow, type AuditRow, type DecisionRow } from '../store-rows/decision-rows';
import { decisionPage, taskPage, taskSummary, tracePage, type TaskAuditSpan, type TaskRow } from '../store-rows/read-pages';
import { decisionListAfter, decisionListOrder } from './decision-order';
import { sqliteStatsRollup } from './stats-rollup';
import { sqliteBlockedTaskCounts } from './blocked-task-counts';
import { sqliteOverdueDecisions } from './overdue-decisions';
import { ATTENTION_TASKS, ATTENTION_TERM, TASK_REASON_CODE, TASK_REASON_MESSAGE } from './task-reason';
import { toSqlTime } from './sql-time';
import { sqlTimeToMs } from '../store-rows/stored-time';

/** One page of a task's trace: task id, after seq, workspace, limit (the store health check explains it). */
export const TRACE_SQL = `
    SELECT seq, audit_id, task_id, decision_id, event_type, actor, payload, created_at, source_event_ts,
           supervisor_processed_at
    FROM task_audits INDEXED BY idx_task_audits_task_id
    WHERE task_id = ? AND seq > ? AND workspace_id = ? ORDER BY seq LIMIT ?`;

export function sqliteDecisionReads(db: Db): DecisionReads {
  const getDecision = db.prepare('SELECT * FROM decisions WHERE workspace_id = ? AND decision_id = ?');
  const getTask = db.prepare('SELECT * FROM tasks WHERE workspace_id = ? AND task_id = ?');
  const taskDecisionCounts = db.prepare(
    'SELECT status, COUNT(*) AS n FROM decisions WHERE workspace_id = ? AND task_id = ? GROUP BY status',
  );
  // First and last by seq, the trace's order: a hand-written runbook INSERT stores datetime('now') without
  // milliseconds, which would sort before the same second's pipeline events if compared as text.
  const taskAuditSpan = db.prepare(`
    SELECT COUNT(*) AS n,
      (SELECT created_at FROM task_audits WHERE task_id = @task AND workspace_id = @ws ORDER BY seq LIMIT 1) AS first_at,
      (SELECT created_at FROM task_audits WHERE task_id = @task AND workspace_id = @ws ORDER BY seq DESC LIMIT 1) AS last_at
    FROM task_audits WHERE task_id = @task AND workspace_id = @ws`);
  const taskBlockedReasons = db.prepare(`
    SELECT DISTINCT reason_code FROM task_audits
    WHERE workspace_id = ? AND task_id = ? AND event_type = 'SUPERVISOR_BLOCKED' AND reason_code IS NOT NULL`).pluck();
  const traceRows = db.prepare(TRACE_SQL);
  const taskAuditCount = db
    .prepare('SELECT COUNT(*) FROM task_audits INDEXED BY idx_task_audits_task_id WHERE task_id = ? AND workspace_id = ?')
    .pluck();
  const taskExists = db.prepare('SELECT 1 FROM tasks WHERE workspace_id = ? AND task_id = ?').pluck();
  const blocked = db.prepare(`
    SELECT reason_code, COUNT(*) AS count FROM task_audits INDEXED BY idx_task_audits_blocked
    WHERE event_type = 'SUPERVISOR_BLOCKED' AND workspace_id = ? AND created_at >= ?
    GROUP BY reason_code ORDER BY count DESC, reason_code LIMIT ?`);
  const blockedTotals = db.prepare(`
    SELECT COUNT(*) AS total, COUNT(DISTINCT task_id) AS tasks FROM task_audits INDEXED BY idx_task_audits_blocked
    WHERE event_type = 'SUPERVISOR_BLOCKED' AND workspace_id = ? AND created_at >= ?`);
  const rollup = sqliteStatsRollup(db);
  const statusCounts = db.prepare('SELECT status, COUNT(*) AS n FROM decisions GROUP BY status');
  // Repeats the partial index's condition so the count reads only that (small) index.
  const attentionCounts = db.prepare(`SELECT status, COUNT(*) AS n FROM tasks WHERE status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED') GROUP BY status`);

  // Both read one index range: idx_decisions_status (workspace_id, status, created_at) and the partial
  // idx_tasks_attention, whose condition is repeated so SQLite sees that it applies.
  const reviewBacklog = db.prepare(`SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM decisions WHERE workspace_id = ? AND status = 'needs_review'`);
  const blockedTaskCount = db
    .prepare(`SELECT COUNT(*) FROM tasks INDEXED BY idx_tasks_attention WHERE workspace_id = ? AND status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED') AND status = 'BLOCKED'`)
    .pluck();

  // Workspaces come from the keys (every decision was submitted with one), so each scan is one index range of
  // idx_decisions_status; the NOT IN list of live jobs is built once per statement.
  const workspaces = db.prepare('SELECT DISTINCT workspace_id FROM api_keys').pluck();
  const orphans = db.prepare(`
    SELECT workspace_id, decision_id, task_id, decision_type, status FROM decisions
    WHERE workspace_id = ? AND status IN ('queued', 'processing')
      AND decision_id NOT IN (SELECT decision_id FROM supervisor_inbox WHERE status IN ('ready', 'leased'))
    LIMIT ?`);

  return {
    ...sqliteBlockedTaskCounts(db),
    ...sqliteOverdueDecisions(db),

    async findOrphanedDecisions(limit) {
      const found: OrphanedDecision[] = [];
      for (const ws of workspaces.all() as string[]) {
        if (found.length >= limit) break;
        const rows = orphans.all(ws, limit - found.length) as {
          workspace_id: string; decision_id: string; task_id: string; decision_type: DecisionType; status: DecisionStatus;
        }[];
        for (const r of rows) {
          found.push({ workspaceId: r.workspace_id, decisionId: r.decision_id, taskId: r.task_id, decisionType: r.decision_type, status: r.status, queuedAs: null });
        }
      }
      return found;
    },

    async getDecision(workspaceId, decisionId) {
      const row = getDecision.get(workspaceId, decisionId) as DecisionRow | undefined;
      return row ? decisionViewFromRow(row) : null;
    },

    async listDecisions(workspaceId, filter, after) {
      const where = ['workspace_id = ?'];
      const args: unknown[] = [workspaceId];
      const add = (clause: string, value: unknown) => {
        where.push(clause);
        args.push(value);
      };
      if (filter.status) add('status = ?', filter.status);
      if (filter.decision_type) add('decision_type = ?', filter.decision_type);
      if (filter.task_id) add('task_id = ?', filter.task_id);
      if (filter.from) add('created_at >= ?', toSqlTime(Date.parse(filter.from)));
      if (filter.to) add('created_at < ?', toSqlTime(Date.parse(filter.to)));
      if (filter.finding_code) {
        add(`EXISTS (SELECT 1 FROM json_each(decisions.findings) f WHERE json_extract(f.value, '$.code') = ?)`, filter.finding_code);
      }
      if (after) {
        const keyset = decisionListAfter(after);
        where.push(keyset.clause);
        args.push(...keyset.args);
      }
      const rows = db
        .prepare(`SELECT * FROM decisions WHERE ${where.join(' AND ')} ${decisionListOrder(filter.sort, filter.order)} LIMIT ?`)
        .all(...args, filter.limit + 1) as DecisionRow[];
      return decisionPage(rows, filter);
    },

    async listTasks(workspaceId, filter, before) {
      const where = ['t.workspace_id = ?', ATTENTION_TERM, 't.status = ?'];
      const args: unknown[] = [workspaceId, filter.status];
      if (filter.reason_code) {
        where.push(`${TASK_REASON_CODE} = ?`);
        args.push(filter.reason_code);
      }
      if (before) {
        where.push('(t.updated_at < ? OR (t.updated_at = ? AND t.task_id < ?))');
        const at = toSqlTime(before.updatedAt);
        args.push(at, at, before.id);
      }
      const rows = db
        .prepare(`
          SELECT t.task_id, t.status, t.decision_type, t.updated_at, t.last_decision_id,
                 ${TASK_REASON_CODE} AS reason_code, ${TASK_REASON_MESSAGE} AS reason_message
          FROM ${ATTENTION_TASKS}
          WHERE ${where.join(' AND ')} ORDER BY t.updated_at DESC, t.task_id DESC LIMIT ?`)
        .all(...args, filter.limit + 1) as TaskListItem[];
      return taskPage(rows, filter.limit);
    },

    async getTaskSummary(workspaceId, taskId) {
      const task = getTask.get(workspaceId, taskId) as TaskRow | undefined;
      if (!task) return null;
      const last = task.last_decision_id ? (getDecision.get(workspaceId, task.last_decision_id) as DecisionRow | undefined) : undefined;
      return taskSummary(
        taskId,
        task,
        taskDecisionCounts.all(workspaceId, taskId) as { status: string; n: number }[],
        taskAuditSpan.get({ ws: workspaceId, task: taskId }) as TaskAuditSpan,
        taskBlockedReasons.all(workspaceId, taskId) as string[],
        last,
      );
    },

    async getTrace({ workspaceId, taskId, afterSeq, limit }) {
      if (!taskExists.get(workspaceId, taskId)) return null;
      const rows = traceRows.all(taskId, afterSeq, workspaceId, limit + 1) as AuditRow[];
      return tracePage(taskId, rows, limit, taskAuditCount.get(taskId, workspaceId) as number);
    },

    async blockedReasons(workspaceId, since, topN) {
      const at = toSqlTime(since);
      const totals = blockedTotals.get(workspaceId, at) as { total: number; tasks: number };
      return {
        total_blocked: totals.total,
        blocked_tasks: totals.tasks,
        reasons: blocked.all(workspaceId, at, topN) as { reason_code: string | null; count: number }[],
      };
    },

    async lagHistogram(workspaceId, since) {
      return rollup.lagHistogram(workspaceId, since);
    },

    async decisionTypes(workspaceId, since) {
      return rollup.decisionTypes(workspaceId, since);
    },

    async countWorkspaceBacklog(workspaceId) {
      const review = reviewBacklog.get(workspaceId) as { n: number; oldest: string | null };
      return {
        needsReview: review.n,
        oldestNeedsReviewAt: review.oldest === null ? null : sqlTimeToMs(review.oldest),
        blockedTasks: blockedTaskCount.get(workspaceId) as number,
      };
    },

    async countAttentionTasks() {
      const counts = { BLOCKED: 0, NEEDS_REVIEW: 0, FAILED: 0 };
      for (const { status, n } of attentionCounts.all() as { status: keyof typeof counts; n: number }[]) counts[status] = n;
      return counts;
    },

    async countDecisionsByStatus() {
      const counts: Record<string, number> = {};
      for (const { status, n } of statusCounts.all() as { status: string; n: number }[]) counts[status] = n;
      return counts;
    },
  };
}
