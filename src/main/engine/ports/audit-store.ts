import type { ListTasksInput, OpsAuditEventType, TaskPage, TaskSummary, TracePage, UnblockResult } from '../../../shared/schemas/audit';
import type { DecisionListPosition } from '../domain/decision-list-cursor';
import type { DecisionPage, DecisionStatus, DecisionType, DecisionView, ListDecisionsInput, Review } from '../../../shared/schemas/decision';
import type { EntityKind } from '../../../shared/entities';
import type { EntityView } from '../../../shared/schemas/entity';
import type { BlockedReasons, BlockedTasks, DecisionTypes } from '../../../shared/schemas/stats';
import type { PolicyDocument, PolicyVersionView } from '../../../shared/schemas/policy';
import type { LagHistogram } from '../domain/lag-histogram';
import type { OverdueCounts } from '../domain/missing-terminal';
import type { TimelineRow } from '../domain/timeline';
import type { NewAudit, Outcome, RetryRecord, Submission, SubmissionResult, WorkItem } from './records';

/** Decision writes of the pipeline. Every method is one transaction. */
export interface DecisionWrites {
  /** Idempotency check, decision + task + audits + inbox job, atomically. */
  acceptSubmission(submission: Submission): Promise<SubmissionResult>;
  /** Moves claimed decisions to `processing` with their audit event; returns the items still open. */
  startProcessing(items: WorkItem[], audits: Map<string, NewAudit>): Promise<WorkItem[]>;
  /** Terminal writes, keyed by decision id: a decision already terminal is left alone (redelivery). */
  recordOutcomes(outcomes: Outcome[]): Promise<string[]>;
  recordRetry(retry: RetryRecord): Promise<void>;
  /** A reviewer's verdict on a needs_review decision. Throws invalid_state otherwise. */
  recordReview(workspaceId: string, decisionId: string, review: Review, audit: NewAudit): Promise<DecisionView>;
  /** Takes a verdict back (its reviewer, within the undo window): the decision is needs_review again. Throws invalid_state. */
  undoReview(workspaceId: string, decisionId: string, by: string, audit: NewAudit): Promise<DecisionView>;
  /** BLOCKED -> RUNNING with a MANUAL_UNBLOCK event. Throws not_found / not_blocked. */
  unblockTask(workspaceId: string, taskId: string, audit: NewAudit): Promise<UnblockResult>;
  /** Appends an audit event to a task (runbook actions). */
  appendAudit(workspaceId: string, audit: NewAudit): Promise<void>;
  /**
   * Dead-letter retry: the failed decision goes back to `queued` and its dead job back on the queue, atomically,
   * so no worker can claim the job while the decision still reads `failed`. Throws not_found / invalid_state.
   */
  requeueDecision(workspaceId: string, decisionId: string, jobId: string, audit: NewAudit): Promise<void>;
  /**
   * Purge: the waiting job of an open decision was removed by an operator, so the decision fails with `error` (or the
   * reconciler would queue it again). A guarded write with its audit event; false when the decision is no longer open.
   */
  failPurgedDecision(workspaceId: string, decisionId: string, error: string, audit: NewAudit): Promise<boolean>;
  /**
   * Restore of a removed (purged or discarded) job: the failed decision goes back to `queued` and its job back on the
   * queue under `job.jobId`, atomically (Postgres: an outbox row; every job there carries the decision id as its id).
   * Throws not_found / invalid_state (not failed, or a job of that id is still on the queue).
   */
  restoreRemovedJob(workspaceId: string, job: RemovedJob, audit: NewAudit): Promise<void>;
  /**
   * Reconciler: puts an open decision that has no live job back on the queue under `jobId` (reviving its dead job
   * when it has one). Re-checks inside the write; false when the decision is no longer an orphan.
   */
  requeueOrphan(orphan: OrphanedDecision, jobId: string, audit: NewAudit): Promise<boolean>;
  /**
   * Re-judge: a terminal, unreviewed decision goes back to `queued` with a job (under `jobId`, or reviving its dead
   * job, or, with a queue apart from the store, an outbox row under the decision id) and `audit`, atomically. Its
   * earlier outcome stays in its audit events. False, and nothing written, when the decision is unknown, still open
   * or reviewed (rejudgeTransition), e.g. because another run re-judged it first.
   */
  reopenDecision(workspaceId: string, decisionId: string, jobId: string, audit: NewAudit): Promise<boolean>;
}

/** A job an operator took off the queue, as a restore puts it back. */
export interface RemovedJob {
  jobId: string;
  decisionId: string;
  priority: number;
}

/** A decision that is `queued` or `processing` while no ready or leased job will ever judge it. */
export interface OrphanedDecision {
  workspaceId: string;
  decisionId: string;
  taskId: string;
  decisionType: DecisionType;
  status: DecisionStatus;
  /**
   * The job id the queue would hold this decision under, when the store cannot see the queue (Postgres + BullMQ: the
   * decision id), so the reconciler asks the queue first; null when the store itself saw that no job is live (SQLite).
   */
  queuedAs: string | null;
}

export interface WorkspaceBacklog {
  needsReview: number;
  /** ms since the epoch; null when nothing waits. */
  oldestNeedsReviewAt: number | null;
  blockedTasks: number;
}

export interface TraceQuery {
  workspaceId: string;
  taskId: string;
  afterSeq: number;
  limit: number;
}

export interface DecisionReads {
  getDecision(workspaceId: string, decisionId: string): Promise<DecisionView | null>;
  /** A page in `filter.sort` and `filter.order`; `after` is the previous page's last row, in the same sort. */
  listDecisions(workspaceId: string, filter: ListDecisionsInput, after: DecisionListPosition | null): Promise<DecisionPage>;
  getTaskSummary(workspaceId: string, taskId: string): Promise<TaskSummary | null>;
  /** Tasks in one attention state, newest change first; `before` is the last row of the previous page. */
  listTasks(workspaceId: string, filter: ListTasksInput, before: { updatedAt: number; id: string } | null): Promise<TaskPage>;
  getTrace(query: TraceQuery): Promise<TracePage | null>;
  /** Blocked decisions (SUPERVISOR_BLOCKED events) since `since`, per reason code. */
  blockedReasons(workspaceId: string, since: number, topN: number): Promise<Omit<BlockedReasons, 'window'>>;
  /** Tasks BLOCKED now per reason code: the reason and the tasks `listTasks` filters by, so the counts match it. */
  blockedTasks(workspaceId: string, topN: number): Promise<BlockedTasks>;
  /** Lag of decisions judged since `since` (minute resolution), as a mergeable histogram. */
  lagHistogram(workspaceId: string, since: number): Promise<LagHistogram>;
  decisionTypes(workspaceId: string, since: number): Promise<Omit<DecisionTypes, 'window'>>;
  countDecisionsByStatus(): Promise<Record<string, number>>;
  /** Open decisions of every workspace without a ready or leased job (at most `limit`). */
  findOrphanedDecisions(limit: number): Promise<OrphanedDecision[]>;
  /** A workspace's needs_review decisions (no verdict yet) with the oldest one's creation time, and its BLOCKED tasks. */
  countWorkspaceBacklog(workspaceId: string): Promise<WorkspaceBacklog>;
  /** Tasks in each attention state, every workspace (the alert series). */
  countAttentionTasks(): Promise<{ BLOCKED: number; NEEDS_REVIEW: number; FAILED: number }>;
  /**
   * Of the newest `perWorkspaceLimit` decisions of each workspace submitted in [from, before) (ms), how many there
   * are and how many are still queued or processing (the missing-terminal series). Index ranges only, bounded.
   */
  countOverdueDecisions(from: number, before: number, perWorkspaceLimit: number): Promise<OverdueCounts>;
}

export interface EntityQuery {
  entityId: string;
  /** null: every kind the id appears as. */
  kind: EntityKind | null;
  limit: number;
}

export interface EntityReads {
  /** Counts, top findings, span and a page of the decisions naming an entity, newest first; `before` is the last row of the previous page. */
  getEntity(workspaceId: string, query: EntityQuery, before: { createdAt: number; id: string } | null): Promise<EntityView>;
}

export interface StoredPolicy {
  version: number;
  hash: string;
  document: PolicyDocument;
}

export interface PolicyReads {
  listPolicies(workspaceId: string): Promise<PolicyVersionView[]>;
  getPolicy(workspaceId: string, version: number): Promise<PolicyVersionView | null>;
  findPolicyByHash(workspaceId: string, hash: string): Promise<PolicyVersionView | null>;
  activePolicy(workspaceId: string): Promise<StoredPolicy | null>;
}

export interface PolicyWrites {
  /** Stores a new immutable version; returns it. */
  insertPolicy(workspaceId: string, document: PolicyDocument, hash: string, author: string, at: number): Promise<PolicyVersionView>;
  activatePolicy(workspaceId: string, version: number, opsAudit: OpsAudit): Promise<void>;
}

export interface ApiKeyRecord {
  keyId: string;
  workspaceId: string;
  name: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
  /** Set when the key was rotated with a grace period: refused from then on, as if revoked. */
  expiresAt: number | null;
}

export interface KeyReads {
  findKeyByHash(secretHash: string): Promise<ApiKeyRecord | null>;
  findKeyById(keyId: string): Promise<ApiKeyRecord | null>;
  listKeys(): Promise<ApiKeyRecord[]>;
}

export interface KeyWrites {
  insertKey(record: ApiKeyRecord, secretHash: string): Promise<void>;
  revokeKey(keyId: string, at: number): Promise<boolean>;
  /**
   * In one transaction: ends `oldKeyId` (revoked at `next.createdAt` when `oldValidUntil` is not later than that,
   * else valid until `oldValidUntil`), inserts `next` and appends `audit`. False, and nothing written, when the old
   * key is unknown, revoked or already rotated (it has an expiry): of two rotations at once, exactly one wins.
   */
  rotateKey(oldKeyId: string, next: ApiKeyRecord, secretHash: string, audit: OpsAudit, oldValidUntil: number): Promise<boolean>;
}

/** The workspace of operations events that belong to every workspace (breakers, alerts, retention). */
export const SYSTEM_WORKSPACE = 'system';

/** An audit event that belongs to no task: policy activations, key changes, queue pause. */
export interface OpsAudit {
  auditId: string;
  workspaceId: string;
  eventType: OpsAuditEventType;
  actor: string;
  target: string;
  payload: Record<string, unknown>;
  createdAt: number;
}

export interface OpsAuditLog {
  appendOpsAudit(entry: OpsAudit): Promise<void>;
}

export interface PruneCounts {
  task_audits: number;
  task_events: number;
  decisions: number;
  tasks: number;
  ops_audits: number;
  stats_minutes: number;
  idempotency_keys: number;
}

/** The tables retention prunes, in the order it must (audits and events before their decisions, tasks last but one). */
export type PruneTable = keyof PruneCounts;
export const PRUNE_ORDER: readonly PruneTable[] = ['task_audits', 'task_events', 'decisions', 'tasks', 'ops_audits', 'stats_minutes', 'idempotency_keys'];

/** What retention removes: data created before `cutoff`, and idempotency keys expired by `now` (ms since the epoch). */
export interface PruneScope {
  cutoff: number;
  now: number;
}

export interface PruneBatch {
  deleted: number;
  /** How long the batch's transaction held the write lock (or its one statement ran, on Postgres). */
  ms: number;
}

export interface VacuumStep {
  /** Pages this step gave back to the file system; null where the backend does not count pages (Postgres). */
  freedPages: number | null;
  /** Free pages still inside the file after it; null where there is no such number. */
  freePagesLeft: number | null;
  ms: number;
  /** Nothing is left for another step to do. */
  done: boolean;
  /** When the space cannot be given back online: why, and what to run instead. */
  note: string | null;
}

export interface PruneReads {
  /**
   * Rows per table that pruning `scope` would delete now, counted with the deletes' own predicates (tasks: those
   * that will have nothing left once the rest is pruned).
   */
  countPrunable(scope: PruneScope): Promise<PruneCounts>;
}

export interface StoreMaintenance {
  /** Deletes at most `limit` rows of `table` that `scope` prunes, in one short transaction. */
  pruneBatch(table: PruneTable, scope: PruneScope, limit: number): Promise<PruneBatch>;
  /**
   * Gives the space pruning freed back, one bounded step (at most `maxPages` pages on SQLite; a plain
   * `VACUUM (ANALYZE)` of the pruned tables on Postgres, never FULL).
   */
  vacuumStep(tables: readonly PruneTable[], maxPages: number): Promise<VacuumStep>;
}

/** What the database's own integrity check found (SQLite `PRAGMA quick_check`; Postgres: data-page checksum failures). */
export interface IntegrityReport {
  /** false when the backend has nothing cheap to check (Postgres without data checksums). */
  checked: boolean;
  ok: boolean;
  /** Problems found (0 when none or not checked). */
  problems: number;
  detail: string;
}

/** How the database would run the trace query (one task's audit events in order). */
export interface TracePlan {
  /** The index the plan reads task_audits through; null when it scans the table. */
  index: string | null;
  /** The plan as the database prints it, one step a line. */
  plan: string;
}

export interface StoreHealth {
  ping(): Promise<void>;
  sizeBytes(): Promise<number>;
  /** Bytes the file holds but no table uses (SQLite's free pages); null where the backend has no such number. */
  freeBytes(): Promise<number | null>;
  integrityCheck(): Promise<IntegrityReport>;
  /** The names of the indexes the schema has now. */
  indexNames(): Promise<string[]>;
  tracePlan(): Promise<TracePlan>;
}

export interface TimelineQuery {
  from: number;
  to: number;
  eventTypes: ReadonlySet<string>;
  limit: number;
  /** The last row of the previous page. */
  before: { at: number; id: string } | null;
}

export interface TimelineReads {
  /** Task and operations audit events of a workspace (and the system's), newest first. */
  timeline(workspaceId: string, query: TimelineQuery): Promise<TimelineRow[]>;
}

/** Which audit events a compliance export holds: a workspace's, narrowed by task, event types and time. */
export interface AuditExportFilter {
  workspaceId: string;
  /** Only this task's events (the operations trail belongs to no task, so it is left out). */
  taskId: string | null;
  /** Only these event types; null: every type. */
  eventTypes: readonly string[] | null;
  /** [from, to) in ms since the epoch; null: unbounded on that side. */
  from: number | null;
  to: number | null;
}

/** One audit event as exported: the task trail's and the operations trail's in one shape. */
export interface AuditExportRow {
  /** `task:<audit_id>` or `ops:<audit_id>`: with `at`, the export's order and its keyset position. */
  id: string;
  at: number;
  /** The row's place in its own table's write order (a task's trace order). */
  seq: number;
  source: 'task' | 'ops';
  auditId: string;
  workspaceId: string;
  eventType: string;
  actor: string | null;
  taskId: string | null;
  decisionId: string | null;
  reasonCode: string | null;
  /** What an operations event acted on (a breaker, a rule, an action); null for task events. */
  target: string | null;
  payload: Record<string, unknown>;
}

export interface AuditExportReads {
  /**
   * The next `limit` events matching `filter` after `after` (the previous page's last row): a keyset page, so an
   * export of any size reads each row once and holds one page at a time. A task's trail comes in trace order (seq,
   * as the trace API pages it, on the task's index); otherwise oldest first by (at, id), the task and operations
   * trails merged, the operations trail holding the workspace's own events and the system's (as the timeline).
   */
  auditExportPage(filter: AuditExportFilter, after: AuditExportRow | null, limit: number): Promise<AuditExportRow[]>;
  countAuditExport(filter: AuditExportFilter): Promise<number>;
}

/**
 * What only reads. With the SQLite writer thread these run on the calling thread's own connection; everything
 * in StoreWrites runs on the one writing connection. The split is the routing: nothing lists method names.
 */
export interface StoreReads extends DecisionReads, EntityReads, TimelineReads, AuditExportReads, PolicyReads, KeyReads, StoreHealth, PruneReads {}

export interface StoreWrites extends DecisionWrites, PolicyWrites, KeyWrites, OpsAuditLog, StoreMaintenance {}

export interface AuditStore extends StoreReads, StoreWrites {}
