import type { TaskListItem } from '../../../../shared/schemas/audit';
import type { DecisionReads, OrphanedDecision } from '../../ports/audit-store';
import { decisionViewFromRow, type AuditRow, type DecisionRow } from '../store-rows/decision-rows';
import { decisionPage, taskPage, taskSummary, tracePage, type TaskAuditSpan, type TaskRow } from '../store-rows/read-pages';
import { DEFAULT_ORPHAN_AFTER_MS, type PgDecisionStoreOptions } from './pg-store-options';
import { AUDIT_COLUMNS, decisionColumns } from './pg-decision-rows';

/** One page of a task's trace: $1 task id, $2 after seq, $3 workspace, $4 limit (the store health check explains it). */
export const PG_TRACE_SQL = `SELECT ${AUDIT_COLUMNS} FROM task_audits WHERE task_id = $1 AND seq > $2 AND workspace_id = $3 ORDER BY seq LIMIT $4`;
import { pgDecisionListAfter, pgDecisionListOrder } from './pg-decision-order';
import type { PgPool } from './pg-pool';
import { pgStatsRollupReads } from './pg-stats-rollup';
import { pgOverdueDecisions } from './pg-overdue-decisions';
import { fromMs, isoText } from './pg-time';

/** Attention tasks (BLOCKED, NEEDS_REVIEW, FAILED) joined to their last decision as `d`; the term is idx_tasks_attention's. */
const ATTENTION_TASKS = 'tasks t LEFT JOIN decisions d ON d.decision_id = t.last_decision_id';
const ATTENTION_TERM = `t.status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED')`;
/** Why a task is in its state: the first finding of its last decision (SQLite's TASK_REASON_CODE). */
const TASK_REASON_CODE = `d.findings->0->>'code'`;
const TASK_REASON_MESSAGE = `d.findings->0->>'message'`;
/** SQLite compares text bytewise and puts NULL first ascending; reason codes are sorted the same way here. */
const byReason = (code: string) => `(${code}) COLLATE "C" NULLS FIRST`;

export function pgDecisionReads(pool: PgPool, options: PgDecisionStoreOptions = {}): DecisionReads {
  const orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS;
  const now = options.now ?? Date.now;
  const rollup = pgStatsRollupReads(pool);

  const decisionRow = async (workspaceId: string, decisionId: string): Promise<DecisionRow | undefined> => {
    const { rows } = await pool.query<DecisionRow>(`SELECT ${decisionColumns('d')} FROM decisions d WHERE d.workspace_id = $1 AND d.decision_id = $2`, [
      workspaceId,
      decisionId,
    ]);
    return rows[0];
  };

  return {
    ...pgOverdueDecisions(pool),

    async getDecision(workspaceId, decisionId) {
      const row = await decisionRow(workspaceId, decisionId);
      return row ? decisionViewFromRow(row) : null;
    },

    async listDecisions(workspaceId, filter, after) {
      const args: unknown[] = [];
      const param = (value: unknown) => {
        args.push(value);
        return `$${args.length}`;
      };
      const where = [`workspace_id = ${param(workspaceId)}`];
      if (filter.status) where.push(`status = ${param(filter.status)}`);
      if (filter.decision_type) where.push(`decision_type = ${param(filter.decision_type)}`);
      if (filter.task_id) where.push(`task_id = ${param(filter.task_id)}`);
      if (filter.from) where.push(`created_at >= ${fromMs(param(Date.parse(filter.from)))}`);
      if (filter.to) where.push(`created_at < ${fromMs(param(Date.parse(filter.to)))}`);
      if (filter.finding_code) where.push(`findings @> ${param(JSON.stringify([{ code: filter.finding_code }]))}::jsonb`);
      if (after) where.push(pgDecisionListAfter(after, param));
      const { rows } = await pool.query<DecisionRow>(
        `SELECT ${decisionColumns('d')} FROM decisions d WHERE ${where.join(' AND ')}
         ${pgDecisionListOrder(filter.sort, filter.order)} LIMIT ${param(filter.limit + 1)}`,
        args,
      );
      return decisionPage(rows, filter);
    },

    async listTasks(workspaceId, filter, before) {
      const args: unknown[] = [workspaceId, filter.status];
      const where = ['t.workspace_id = $1', ATTENTION_TERM, 't.status = $2'];
      if (filter.reason_code) {
        args.push(filter.reason_code);
        where.push(`${TASK_REASON_CODE} = $${args.length}`);
      }
      if (before) {
        args.push(before.updatedAt, before.id);
        const at = fromMs(`$${args.length - 1}`);
        where.push(`(t.updated_at < ${at} OR (t.updated_at = ${at} AND t.task_id COLLATE "C" < $${args.length}))`);
      }
      args.push(filter.limit + 1);
      const { rows } = await pool.query<TaskListItem>(
        `SELECT t.task_id, t.status, t.decision_type, ${isoText('t.updated_at')} AS updated_at, t.last_decision_id,
                ${TASK_REASON_CODE} AS reason_code, ${TASK_REASON_MESSAGE} AS reason_message
         FROM ${ATTENTION_TASKS}
         WHERE ${where.join(' AND ')} ORDER BY t.updated_at DESC, t.task_id COLLATE "C" DESC LIMIT $${args.length}`,
        args,
      );
      return taskPage(rows, filter.limit);
    },

    async getTaskSummary(workspaceId, taskId) {
      const found = await pool.query<TaskRow>(
        `SELECT status, decision_type, last_decision_id, ${isoText('created_at')} AS created_at, ${isoText('updated_at')} AS updated_at
         FROM tasks WHERE workspace_id = $1 AND task_id = $2`,
        [workspaceId, taskId],
      );
      const task = found.rows[0];
      if (!task) return null;
      const [counts, span, reasons, last] = await Promise.all([
        pool.query<{ status: string; n: number }>(
          'SELECT status, count(*) AS n FROM decisions WHERE workspace_id = $1 AND task_id = $2 GROUP BY status',
          [workspaceId, taskId],
        ),
        // First and last by seq, the trace's order.
        pool.query<TaskAuditSpan>(
          `SELECT count(*) AS n,
             (SELECT ${isoText('created_at')} FROM task_audits WHERE task_id = $2 AND workspace_id = $1 ORDER BY seq LIMIT 1) AS first_at,
             (SELECT ${isoText('created_at')} FROM task_audits WHERE task_id = $2 AND workspace_id = $1 ORDER BY seq DESC LIMIT 1) AS last_at
           FROM task_audits WHERE task_id = $2 AND workspace_id = $1`,
          [workspaceId, taskId],
        ),
        pool.query<{ reason_code: string }>(
          `SELECT reason_code FROM task_audits
           WHERE workspace_id = $1 AND task_id = $2 AND event_type = 'SUPERVISOR_BLOCKED' AND reason_code IS NOT NULL
           GROUP BY reason_code ORDER BY min(seq)`,
          [workspaceId, taskId],
        ),
        task.last_decision_id ? decisionRow(workspaceId, task.last_decision_id) : Promise.resolve(undefined),
      ]);
      return taskSummary(taskId, task, counts.rows, span.rows[0] as TaskAuditSpan, reasons.rows.map((r) => r.reason_code), last);
    },

    async getTrace({ workspaceId, taskId, afterSeq, limit }) {
      const exists = await pool.query('SELECT 1 FROM tasks WHERE workspace_id = $1 AND task_id = $2', [workspaceId, taskId]);
      if (exists.rowCount === 0) return null;
      const [page, total] = await Promise.all([
        pool.query<AuditRow>(
          PG_TRACE_SQL,
          [taskId, afterSeq, workspaceId, limit + 1],
        ),
        pool.query<{ n: number }>('SELECT count(*) AS n FROM task_audits WHERE task_id = $1 AND workspace_id = $2', [taskId, workspaceId]),
      ]);
      return tracePage(taskId, page.rows, limit, total.rows[0]?.n ?? 0);
    },

    async blockedReasons(workspaceId, since, topN) {
      const blocked = `FROM task_audits WHERE event_type = 'SUPERVISOR_BLOCKED' AND workspace_id = $1 AND created_at >= ${fromMs('$2')}`;
      const [totals, reasons] = await Promise.all([
        pool.query<{ total: number; tasks: number }>(`SELECT count(*) AS total, count(DISTINCT task_id) AS tasks ${blocked}`, [workspaceId, since]),
        pool.query<{ reason_code: string | null; count: number }>(
          `SELECT reason_code, count(*) AS count ${blocked} GROUP BY reason_code ORDER BY count DESC, ${byReason('reason_code')} LIMIT $3`,
          [workspaceId, since, topN],
        ),
      ]);
      const t = totals.rows[0] as { total: number; tasks: number };
      return { total_blocked: t.total, blocked_tasks: t.tasks, reasons: reasons.rows };
    },

    async blockedTasks(workspaceId, topN) {
      // Every reason in one statement, so the total and the per-reason counts describe the same moment.
      const { rows } = await pool.query<{ reason_code: string | null; count: number }>(
        `SELECT ${TASK_REASON_CODE} AS reason_code, count(*) AS count FROM ${ATTENTION_TASKS}
         WHERE t.workspace_id = $1 AND ${ATTENTION_TERM} AND t.status = 'BLOCKED'
         GROUP BY ${TASK_REASON_CODE} ORDER BY count DESC, ${byReason(TASK_REASON_CODE)}`,
        [workspaceId],
      );
      return { blocked_tasks: rows.reduce((sum, r) => sum + r.count, 0), reasons: rows.slice(0, topN) };
    },

    async lagHistogram(workspaceId, since) {
      return rollup.lagHistogram(workspaceId, since);
    },

    async decisionTypes(workspaceId, since) {
      return rollup.decisionTypes(workspaceId, since);
    },

    async countDecisionsByStatus() {
      const { rows } = await pool.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM decisions GROUP BY status');
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },

    /**
     * Postgres cannot see the queue, so an orphan here is an open decision with no job waiting in the outbox that
     * has not changed for the orphan window (a delivered job is judged well within it). Workspaces come from the
     * keys, as in SQLite (every decision was submitted with one), so each scan is one range of idx_decisions_status.
     */
    async findOrphanedDecisions(limit) {
      const { rows } = await pool.query<{
        workspace_id: string;
        decision_id: string;
        task_id: string;
        decision_type: OrphanedDecision['decisionType'];
        status: OrphanedDecision['status'];
      }>(
        `SELECT o.* FROM (SELECT DISTINCT workspace_id FROM api_keys) w
         CROSS JOIN LATERAL (
           SELECT d.workspace_id, d.decision_id, d.task_id, d.decision_type, d.status FROM decisions d
           WHERE d.workspace_id = w.workspace_id AND d.status IN ('queued', 'processing') AND d.updated_at <= ${fromMs('$2')}
             AND NOT EXISTS (SELECT 1 FROM supervisor_inbox i WHERE i.task_id = d.task_id AND i.decision_id = d.decision_id)
           LIMIT $1) o
         LIMIT $1`,
        [limit, now() - orphanAfterMs],
      );
      // Every job this store sends is queued under its decision id (see insertOutboxJob).
      return rows.map((r) => ({ workspaceId: r.workspace_id, decisionId: r.decision_id, taskId: r.task_id, decisionType: r.decision_type, status: r.status, queuedAs: r.decision_id }));
    },

    async countWorkspaceBacklog(workspaceId) {
      const [review, blocked] = await Promise.all([
        pool.query<{ n: number; oldest: number | null }>(
          `SELECT count(*) AS n, min(created_at) AS oldest FROM decisions WHERE workspace_id = $1 AND status = 'needs_review'`,
          [workspaceId],
        ),
        pool.query<{ n: number }>(
          `SELECT count(*) AS n FROM tasks t WHERE t.workspace_id = $1 AND ${ATTENTION_TERM} AND t.status = 'BLOCKED'`,
          [workspaceId],
        ),
      ]);
      const r = review.rows[0] as { n: number; oldest: number | null };
      return { needsReview: r.n, oldestNeedsReviewAt: r.oldest, blockedTasks: blocked.rows[0]?.n ?? 0 };
    },

    async countAttentionTasks() {
      const counts = { BLOCKED: 0, NEEDS_REVIEW: 0, FAILED: 0 };
      const { rows } = await pool.query<{ status: keyof typeof counts; n: number }>(
        `SELECT status, count(*) AS n FROM tasks WHERE status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED') GROUP BY status`,
      );
      for (const { status, n } of rows) counts[status] = n;
      return counts;
    },
  };
}
