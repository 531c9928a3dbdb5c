/**
 * The runbook's diagnostic SQL in its Postgres form (production mode), one statement per entry, as on-call pastes
 * it into psql. RUNBOOK.md is to carry these strings verbatim; runbook-sql.postgres.test.ts runs each of them.
 * `$1` is the one placeholder (the task id of a trace): in psql, replace it by the quoted id.
 */
export const RUNBOOK_SQL_POSTGRES = {
  /** The most common reasons decisions were blocked this week. */
  blockedReasonsThisWeek: `SELECT payload->'decision_snapshot'->'findings'->0->>'code' AS reason_code, count(*)
FROM task_audits
WHERE event_type = 'SUPERVISOR_BLOCKED'
  AND created_at >= now() - interval '7 days'
GROUP BY 1
ORDER BY 2 DESC
LIMIT 10;`,

  /** The outbox backlog: jobs committed with their decisions that the queue (Redis) has not received yet. */
  outboxBacklog: `SELECT status, count(*)
FROM supervisor_inbox
GROUP BY status;`,

  /** Decision lag, 95th percentile over the last hour (ms from the event to the verdict). */
  decisionLagP95LastHour: `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY lag_ms) AS p95_lag_ms, count(*) AS decisions
FROM task_audits
WHERE lag_ms IS NOT NULL
  AND created_at >= now() - interval '1 hour';`,

  /** Tasks BLOCKED for more than an hour, longest first. */
  tasksStuckBlocked: `SELECT workspace_id, task_id, updated_at, floor(extract(epoch FROM now() - updated_at) / 60) AS blocked_minutes
FROM tasks
WHERE status = 'BLOCKED'
  AND updated_at < now() - interval '1 hour'
ORDER BY updated_at;`,

  /** A task's decision trace, in the order it was written. */
  taskTrace: `SELECT seq, event_type, actor, decision_id, created_at, payload
FROM task_audits
WHERE task_id = $1
ORDER BY seq
LIMIT 200;`,

  /** The indexes the trace and the runbook queries rely on. */
  auditIndexes: `SELECT indexname
FROM pg_indexes
WHERE tablename IN ('task_audits', 'task_events')
ORDER BY indexname;`,
} as const;

/** The trace query's plan (Key Metrics 1, "Review slow queries"): it must read an index, not the table. */
export const EXPLAIN_TASK_TRACE = `EXPLAIN ${RUNBOOK_SQL_POSTGRES.taskTrace}`;
