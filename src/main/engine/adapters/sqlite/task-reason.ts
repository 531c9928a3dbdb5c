/**
 * Attention tasks (BLOCKED, NEEDS_REVIEW, FAILED) joined to their last decision as `d`. The partial index's own
 * WHERE term goes with it: SQLite uses a partial index only when it can see the term in the query.
 */
export const ATTENTION_TASKS = `tasks t INDEXED BY idx_tasks_attention LEFT JOIN decisions d ON d.decision_id = t.last_decision_id`;
export const ATTENTION_TERM = `t.status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED')`;

/**
 * Why a task is in its state: the first finding of its last decision. For a blocked decision that is the redline
 * hit, the code the worker stores as the SUPERVISOR_BLOCKED event's reason_code. The blocked list's filter and the
 * blocked-task counts both read this one expression, so a reason's count is the number of rows its filter shows.
 */
export const TASK_REASON_CODE = `json_extract(d.findings, '$[0].code')`;
export const TASK_REASON_MESSAGE = `json_extract(d.findings, '$[0].message')`;
