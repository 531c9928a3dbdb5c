import type { ErrorCode } from './errors';
import type { OpScope } from './scopes';
import { BlockedReasonsInput, BlockedReasons, BlockedTasks, BlockedTasksInput, DecisionLag, DecisionTypes, WindowInput } from './schemas/stats';
import {
  DecisionPage,
  DecisionView,
  GetDecisionInput,
  ListDecisionsInput,
  ReviewDecisionInput,
  UndoReviewInput,
  ReviewResult,
  SubmitDecisionInput,
} from './schemas/decision';
import { BreakerActionInput, BreakerList, BreakerView, IntegrationList } from './schemas/integrations';
import {
  AcknowledgeInput,
  AlertHistoryInput,
  AlertRuleRef,
  AlertRuleView,
  AlertView,
  CreateSilenceInput,
  DeliveryView,
  SaveAlertRuleInput,
  SilenceRef,
  SilenceView,
} from './schemas/alerts';
import { SeriesInput, SeriesOutput } from './schemas/series';
import { TimelineInput, TimelinePage } from './schemas/timeline';
import { ClaimDecisionInput, ClaimReleased, ReviewClaim, ReviewClaimList } from './schemas/review-claim';
import { ListTasksInput, TaskPage, TaskRef, TaskSummary, TraceInput, TracePage, UnblockResult, UnblockTaskInput, UnblockTasksInput, UnblockTasksResult } from './schemas/audit';
import { DeadJob, QueueActionInput, QueueStatus } from './schemas/queue';
import {
  ActivatePolicyInput,
  PolicyDocument,
  PolicyList,
  PolicyVersionRef,
  PolicyVersionView,
  UploadPolicyResult,
} from './schemas/policy';
import { EntityView, GetEntityInput } from './schemas/entity';
import { Empty, Health, MetricsText, Ready } from './schemas/system';
import { Attention } from './schemas/attention';
import { CheckReport, RunChecksInput } from './schemas/checks';
import { CreateSessionInput, Session, SessionEnded, WhoAmI } from './schemas/session';
import { z } from 'zod';
import type { LiveEventKind } from './schemas/events';
import { AuditExportInput, AuditExportStream } from './schemas/audit-export';
import { ActionList, ActionPreview, ActionProgress, ActionRunResult, GetActionProgressInput, IncidentList, PreviewActionInput, RunActionInput } from './schemas/runbook';

/**
 * One row per operation. The HTTP routes, the IPC handlers and the renderer's client are all generated
 * from this table. `input` is one strict object: path params (`:name` in `path`) plus the query string
 * for GET, or plus the JSON body for POST. `rateLimit` names the per-workspace budget the call draws on.
 */
export interface OpDef {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly aliases?: readonly string[];
  readonly scope: OpScope;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly errors: readonly ErrorCode[];
  readonly rateLimit?: 'submit' | 'trace';
  /** `stream`: the body is text sent as it is produced (a download); the handler sets its content type. */
  readonly contentType?: 'json' | 'text' | 'stream';
  /** A write: the kinds of data its success changes (open UIs are told, and refetch what reads them). */
  readonly changes?: readonly LiveEventKind[];
  /** A read: the kinds of data whose change makes its answer stale (the UI refetches it then). */
  readonly reads?: readonly LiveEventKind[];
  /**
   * A read a client may keep and revalidate: over HTTP its answer carries an ETag and `Cache-Control: private,
   * no-cache`, and a request whose If-None-Match names the current tag gets 304 with no body.
   */
  readonly revalidate?: true;
  /** Over HTTP, a browser session starts (the reply sets the session cookie) or ends (it clears it). */
  readonly browserSession?: 'start' | 'end';
  readonly summary: string;
}

export const contract = {
  health: {
    method: 'GET', path: '/health', scope: 'public', input: Empty, output: Health, errors: [],
    reads: [], // nothing a live event changes
    summary: 'Liveness: the process answers.',
  },
  ready: {
    method: 'GET', path: '/ready', scope: 'public', input: Empty, output: Ready, errors: ['not_ready'],
    reads: [], // nothing a live event changes
    summary: 'Readiness: store, queue and worker checks; 503 when any fails.',
  },
  metrics: {
    method: 'GET', path: '/metrics', aliases: ['/api/about/metrics/prometheus'], scope: 'public',
    reads: [], // nothing a live event changes
    input: Empty, output: MetricsText, errors: [], contentType: 'text',
    summary: 'Prometheus exposition.',
  },
  createSession: {
    method: 'POST', path: '/api/session', scope: 'public', input: CreateSessionInput, output: Session,
    changes: [], // a session is not data any screen shows
    errors: ['unauthorized'], browserSession: 'start',
    summary: 'Trade a one-time login token (from the link `decisionos start` prints) for a session key; browsers also get it as an HttpOnly cookie.',
  },
  startKeySession: {
    method: 'POST', path: '/api/session/key', scope: 'read', input: Empty, output: Session,
    changes: [], // a session is not data any screen shows
    errors: ['unauthorized', 'bad_request'], browserSession: 'start',
    summary: 'Start a browser session for the API key presented (the sign-in form), so the key itself is never stored in the page.',
  },
  endSession: {
    method: 'POST', path: '/api/session/logout', scope: 'read', input: Empty, output: SessionEnded,
    changes: [], // a session is not data any screen shows
    errors: ['unauthorized', 'bad_request'], browserSession: 'end',
    summary: 'End the browser session whose key is presented (its live streams close and its cookie is cleared).',
  },
  whoAmI: {
    method: 'GET', path: '/api/session', scope: 'read', input: Empty, output: WhoAmI, errors: ['unauthorized'],
    reads: [], // nothing a live event changes
    summary: 'The caller: workspace, name and scopes (the UI shows only what they allow).',
  },
  submitDecision: {
    method: 'POST', path: '/api/decisions', scope: 'submit', input: SubmitDecisionInput, output: DecisionView,
    changes: [], // the pipeline announces what the submission changes, once per batch
    errors: ['validation_failed', 'idempotency_conflict', 'rate_limited', 'intake_paused', 'affiliate_throttled'], rateLimit: 'submit',
    summary: 'Queue a decision. Same client_request_id + same payload replays the original.',
  },
  listDecisions: {
    method: 'GET', path: '/api/decisions', scope: 'read', input: ListDecisionsInput, output: DecisionPage,
    reads: ['decisions'],
    errors: ['validation_failed', 'bad_cursor'],
    summary: 'Decisions newest first (or by sort and order), filtered, cursor-paged.',
  },
  getDecision: {
    method: 'GET', path: '/api/governance/decisions/:decision_id', aliases: ['/decisions/:decision_id'],
    reads: ['decisions'],
    revalidate: true,
    scope: 'read', input: GetDecisionInput, output: DecisionView, errors: ['not_found'],
    summary: 'One decision with its signals, findings and policy version.',
  },
  reviewDecision: {
    method: 'POST', path: '/api/governance/decisions/:decision_id/review', scope: 'review',
    changes: ['decisions', 'tasks'],
    input: ReviewDecisionInput, output: ReviewResult, errors: ['not_found', 'invalid_state'],
    summary: 'Approve or reject a needs_review decision (REVIEW_* audit event).',
  },
  claimDecision: {
    method: 'POST', path: '/api/governance/decisions/:decision_id/claim', scope: 'review',
    changes: ['decisions'],
    input: ClaimDecisionInput, output: ReviewClaim, errors: ['not_found', 'invalid_state', 'conflict'],
    summary: 'Claim a needs_review decision for 15 minutes (calling again renews it), so no other analyst reviews it meanwhile; 409 names who holds it.',
  },
  releaseClaim: {
    method: 'POST', path: '/api/governance/decisions/:decision_id/claim/release', scope: 'review',
    changes: ['decisions'],
    input: ClaimDecisionInput, output: ClaimReleased, errors: ['conflict'],
    summary: 'Give up your claim on a decision (a verdict also ends it).',
  },
  listClaims: {
    method: 'GET', path: '/api/review/claims', scope: 'read', input: Empty, output: ReviewClaimList, errors: [],
    reads: ['decisions'],
    summary: 'Who holds which needs_review decision in this workspace, and until when.',
  },
  undoReview: {
    method: 'POST', path: '/api/governance/decisions/:decision_id/review/undo', scope: 'review',
    changes: ['decisions', 'tasks'],
    input: UndoReviewInput, output: ReviewResult, errors: ['not_found', 'invalid_state'],
    summary: 'Take back your own verdict within 60 s: the decision is needs_review again (REVIEW_UNDONE audit event; the verdict stays in the trail).',
  },
  listTasks: {
    method: 'GET', path: '/api/governance/tasks', scope: 'read', input: ListTasksInput,
    reads: ['decisions', 'tasks'],
    output: TaskPage, errors: ['validation_failed', 'bad_cursor'],
    summary: 'Tasks in a state that needs someone (BLOCKED by default), newest change first, with their reason code.',
  },
  getTaskSummary: {
    method: 'GET', path: '/api/governance/tasks/:task_id/summary', scope: 'read', input: TaskRef,
    reads: ['tasks'],
    output: TaskSummary, errors: ['not_found'], rateLimit: 'trace',
    summary: 'A task: status, decisions by status, blocked reasons, last decision.',
  },
  getDecisionTrace: {
    method: 'GET', path: '/api/governance/tasks/:task_id/decision-trace', scope: 'read', input: TraceInput,
    reads: ['decisions', 'tasks'],
    revalidate: true,
    output: TracePage, errors: ['not_found', 'validation_failed', 'bad_cursor'], rateLimit: 'trace',
    summary: 'The audit events of a task in order, cursor-paged.',
  },
  getEntity: {
    method: 'GET', path: '/api/entities/:entity_id', scope: 'read', input: GetEntityInput, output: EntityView,
    reads: ['decisions', 'tasks'],
    errors: ['validation_failed', 'bad_cursor'],
    summary: 'One customer, merchant, affiliate or agent (optionally only as `kind`): the kinds it appears as, decisions by status, tasks, top finding codes, first and last seen, and its decisions newest first, cursor-paged. An id no decision names answers with zero counts.',
  },
  unblockTask: {
    method: 'POST', path: '/api/governance/tasks/:task_id/unblock', scope: 'operate', input: UnblockTaskInput,
    changes: ['tasks'],
    output: UnblockResult, errors: ['not_found', 'not_blocked'],
    summary: 'Move a BLOCKED task back to RUNNING with a reason (MANUAL_UNBLOCK audit event).',
  },
  unblockTasks: {
    method: 'POST', path: '/api/governance/tasks/bulk-unblock', scope: 'operate', input: UnblockTasksInput,
    changes: ['tasks'],
    output: UnblockTasksResult, errors: ['validation_failed'],
    summary: 'Unblock up to 500 tasks with one reason: each gets its own MANUAL_UNBLOCK event; tasks not BLOCKED or not in this workspace are listed as skipped and left alone.',
  },
  statsBlockedReasons: {
    method: 'GET', path: '/api/governance/stats/blocked-reasons', scope: 'read', input: BlockedReasonsInput,
    reads: ['decisions', 'tasks'],
    revalidate: true,
    output: BlockedReasons, errors: ['validation_failed'],
    summary: 'Top blocked reason codes over a window, counted in blocked decisions (SUPERVISOR_BLOCKED events).',
  },
  statsBlockedTasks: {
    method: 'GET', path: '/api/governance/stats/blocked-tasks', scope: 'read', input: BlockedTasksInput,
    reads: ['decisions', 'tasks'],
    revalidate: true,
    output: BlockedTasks, errors: ['validation_failed'],
    summary: 'Tasks blocked now, per reason code: the counts the blocked task list, filtered by that reason, shows.',
  },
  statsDecisionLag: {
    method: 'GET', path: '/api/governance/stats/decision-lag', scope: 'read', input: WindowInput,
    reads: ['decisions'],
    revalidate: true,
    output: DecisionLag, errors: ['validation_failed'],
    summary: 'Decision lag (source event to supervisor decision): count, avg, p50, p95, p99, max.',
  },
  statsDecisionTypes: {
    method: 'GET', path: '/api/governance/stats/decision-types', scope: 'read', input: WindowInput,
    reads: ['decisions'],
    revalidate: true,
    output: DecisionTypes, errors: ['validation_failed'],
    summary: 'Decisions per type and status over a window.',
  },
  getQueue: {
    method: 'GET', path: '/api/queue', scope: 'read', input: Empty, output: QueueStatus, errors: [],
    reads: ['decisions', 'queue'],
    summary: 'Queue depth, delayed, leased, dead-lettered, oldest job age, paused, worker load.',
  },
  listDeadJobs: {
    method: 'GET', path: '/api/queue/dead', scope: 'read', input: Empty,
    reads: ['queue'],
    output: z.object({ items: z.array(DeadJob) }), errors: [],
    summary: 'Dead-lettered jobs with their last error.',
  },
  retryDeadJob: {
    method: 'POST', path: '/api/queue/dead/:job_id/retry', scope: 'operate',
    changes: ['queue', 'decisions'],
    input: QueueActionInput.extend({ job_id: z.string().min(1).max(64) }),
    output: DecisionView, errors: ['not_found'],
    summary: 'Put a dead-lettered job back on the queue (RUNBOOK_ACTION audit event).',
  },
  pauseQueue: {
    method: 'POST', path: '/api/queue/pause', scope: 'system', input: QueueActionInput, output: QueueStatus,
    changes: ['queue'],
    errors: [], summary: 'Stop claiming jobs (submissions are still accepted).',
  },
  resumeQueue: {
    method: 'POST', path: '/api/queue/resume', scope: 'system', input: QueueActionInput, output: QueueStatus,
    changes: ['queue'],
    errors: [], summary: 'Resume claiming jobs.',
  },
  listPolicies: {
    method: 'GET', path: '/api/policies', scope: 'read', input: Empty, output: PolicyList, errors: [],
    reads: ['policies'],
    summary: 'Policy versions, newest first, and which one is active.',
  },
  getPolicy: {
    method: 'GET', path: '/api/policies/:version', scope: 'read', input: PolicyVersionRef,
    reads: ['policies'],
    output: PolicyVersionView, errors: ['not_found'],
    summary: 'One immutable policy version.',
  },
  uploadPolicy: {
    method: 'POST', path: '/api/policies', scope: 'admin', input: PolicyDocument, output: UploadPolicyResult,
    changes: ['policies'],
    errors: ['validation_failed', 'invalid_policy'],
    summary: 'Validate and store a new policy version (not yet active). A broken rule rejects the whole upload.',
  },
  activatePolicy: {
    method: 'POST', path: '/api/policies/:version/activate', scope: 'admin', input: ActivatePolicyInput,
    changes: ['policies'],
    output: PolicyVersionView, errors: ['not_found'],
    summary: 'Make a version the one new decisions are judged by (audited).',
  },
  listBreakers: {
    method: 'GET', path: '/api/breakers', scope: 'read', input: Empty, output: BreakerList, errors: [],
    reads: ['breakers'],
    summary: 'Per integration: breaker state, failures and successes in the window, last transition and cause, next probe, latency.',
  },
  listIntegrations: {
    method: 'GET', path: '/api/integrations', scope: 'system', input: Empty, output: IntegrationList, errors: [],
    reads: [], // nothing a live event changes
    summary: 'The configured integrations with their URLs and settings (engine-wide, so the system scope).',
  },
  forceOpenBreaker: {
    method: 'POST', path: '/api/breakers/:integration/force-open', scope: 'system', input: BreakerActionInput,
    changes: ['breakers'],
    output: BreakerView, errors: ['not_found', 'validation_failed'],
    summary: 'Hold a breaker OPEN until reset: calls are rejected and decisions get integration_unavailable (audited).',
  },
  forceCloseBreaker: {
    method: 'POST', path: '/api/breakers/:integration/force-close', scope: 'system', input: BreakerActionInput,
    changes: ['breakers'],
    output: BreakerView, errors: ['not_found', 'validation_failed'],
    summary: 'Hold a breaker CLOSED until reset: every call goes out, failures do not open it (audited).',
  },
  resetBreaker: {
    method: 'POST', path: '/api/breakers/:integration/reset', scope: 'system', input: BreakerActionInput,
    changes: ['breakers'],
    output: BreakerView, errors: ['not_found', 'validation_failed'],
    summary: 'Back to CLOSED with an empty window, ending any force (audited).',
  },
  listActiveAlerts: {
    method: 'GET', path: '/api/alerts/active', scope: 'read',
    reads: ['alerts'],
    input: z.strictObject({ include_silenced: z.enum(['true', 'false']).optional() }),
    output: z.array(AlertView), errors: [],
    summary: 'Firing alerts, newest first: [] when healthy. Silenced ones only with include_silenced=true.',
  },
  listAlertHistory: {
    method: 'GET', path: '/api/alerts/history', scope: 'read', input: AlertHistoryInput, output: z.array(AlertView), errors: [],
    reads: ['alerts'],
    summary: 'Fired and resolved alerts, newest first (the newest ALERT_HISTORY_MAX, 200 by default).',
  },
  acknowledgeAlert: {
    method: 'POST', path: '/api/alerts/:rule_id/acknowledge', scope: 'system', input: AcknowledgeInput, output: AlertView,
    changes: ['alerts'],
    errors: ['not_found', 'invalid_state'], summary: 'Say you are on a firing alert (who, when, comment; audited).',
  },
  listAlertRules: {
    method: 'GET', path: '/api/alerts/rules', scope: 'read', input: Empty, output: z.array(AlertRuleView), errors: [],
    reads: ['alerts'],
    summary: 'Alert rules with their version and current state.',
  },
  createAlertRule: {
    method: 'POST', path: '/api/alerts/rules', scope: 'system', input: SaveAlertRuleInput, output: AlertRuleView,
    changes: ['alerts'],
    errors: ['validation_failed', 'conflict'], summary: 'Add an alert rule (version 1; audited).',
  },
  updateAlertRule: {
    method: 'POST', path: '/api/alerts/rules/:rule_id', scope: 'system',
    changes: ['alerts'],
    input: SaveAlertRuleInput.extend({ rule_id: z.string().min(1).max(64) }), output: AlertRuleView,
    errors: ['validation_failed', 'not_found'], summary: 'Store a new version of a rule; a firing alert resolves only when the new condition clears.',
  },
  disableAlertRule: {
    method: 'POST', path: '/api/alerts/rules/:rule_id/disable', scope: 'system', input: AlertRuleRef, output: AlertRuleView,
    changes: ['alerts'],
    errors: ['not_found'], summary: 'Stop evaluating a rule (a firing alert resolves, with a notification).',
  },
  enableAlertRule: {
    method: 'POST', path: '/api/alerts/rules/:rule_id/enable', scope: 'system', input: AlertRuleRef, output: AlertRuleView,
    changes: ['alerts'],
    errors: ['not_found'], summary: 'Evaluate a disabled rule again.',
  },
  listSilences: {
    method: 'GET', path: '/api/alerts/silences', scope: 'read', input: Empty, output: z.array(SilenceView), errors: [],
    reads: ['alerts'],
    summary: 'Silences: pending (scheduled), active, then expired, each with its matchers, window, comment and author.',
  },
  createSilence: {
    method: 'POST', path: '/api/alerts/silences', scope: 'system', input: CreateSilenceInput, output: SilenceView,
    changes: ['alerts'],
    errors: ['validation_failed'],
    summary: 'Mute notifications of alerts whose labels (alertname, severity, metric) match every matcher (= or RE2 =~), from starts_at (default now; a later start schedules it) until ends_at; who and why are kept. `{"alertname": "<rule id>"}` still works as matchers.',
  },
  expireSilence: {
    method: 'POST', path: '/api/alerts/silences/:silence_id/expire', scope: 'system', input: SilenceRef, output: SilenceView,
    changes: ['alerts'],
    errors: ['not_found', 'invalid_state'], summary: 'End an active silence now or cancel a pending one, with an optional reason (audited); 409 when it has already ended.',
  },
  listAlertDeliveries: {
    method: 'GET', path: '/api/alerts/deliveries', scope: 'read', input: Empty, output: z.array(DeliveryView), errors: [],
    reads: ['alerts'],
    summary: 'Webhook deliveries, newest first: status, attempts, HTTP status, last error.',
  },
  getAttention: {
    method: 'GET', path: '/api/attention', scope: 'read', input: Empty, output: Attention, errors: [],
    reads: ['decisions', 'tasks', 'queue', 'breakers', 'alerts'],
    summary: 'What needs someone now, from state: review backlog and its oldest, blocked tasks, dead letters, a paused queue, open or forced breakers, and firing, silenced and pending alerts.',
  },
  runChecks: {
    method: 'GET', path: '/api/runbook/checks', scope: 'read', input: RunChecksInput, output: CheckReport, errors: ['validation_failed'],
    reads: ['decisions', 'tasks', 'queue', 'breakers', 'alerts'],
    summary: 'Run the runbook checks (all, or `ids`, comma-separated) at once: each answers pass, warn or fail with one sentence and the numbers behind it, within 5 s.',
  },
  getSeries: {
    method: 'GET', path: '/api/series', scope: 'read', input: SeriesInput, output: SeriesOutput, errors: ['validation_failed'],
    reads: [], // sampled on a timer; the charts poll
    summary: "The engine's own time series (10 s steps, 6 h): latency, queue, lag, blocked, breakers.",
  },
  getTimeline: {
    method: 'GET', path: '/api/timeline', scope: 'read', input: TimelineInput, output: TimelinePage, errors: ['validation_failed', 'bad_cursor'],
    reads: ['decisions', 'tasks', 'policies', 'breakers', 'alerts'],
    summary: 'One ordered stream of what happened: blocks, reviews, unblocks, breaker transitions, alerts, policy activations, with who.',
  },
  exportAudit: {
    method: 'GET', path: '/api/audit/export', scope: 'read', input: AuditExportInput, output: AuditExportStream, contentType: 'stream',
    errors: ['validation_failed'], rateLimit: 'trace',
    reads: [], // a download: nothing to refetch
    summary: "Download the workspace's audit trail (task events, and the operations events of the workspace and the system) for compliance, oldest first: all of it, one task's (task_id), some event types (event_type, comma-separated) or a time range (since inclusive, until exclusive). Streamed as JSON lines (format=jsonl) or CSV (format=csv; cells a spreadsheet would run as a formula start with an apostrophe), page by page, with no row cap; the file name is in Content-Disposition. Every export writes an AUDIT_EXPORTED event (who, filter, rows).",
  },
  listActions: {
    method: 'GET', path: '/api/runbook/actions', scope: 'read', input: Empty, output: ActionList, errors: [],
    reads: [], // a fixed list: nothing a live event changes
    summary: 'The runbook actions: id, title, what it does, the scope it needs and its params as JSON Schema.',
  },
  previewAction: {
    // The row's scope is the least any action needs; the action's own scope is checked on top (403, nothing read).
    method: 'POST', path: '/api/runbook/actions/:action_id/preview', scope: 'operate', input: PreviewActionInput, output: ActionPreview,
    changes: [], // a preview changes nothing
    errors: ['not_found', 'forbidden', 'validation_failed'],
    summary: "What a runbook action would touch, in counts and ids, whether it needs a typed confirmation, and the params to run it with (the selection pinned). Needs the action's own scope.",
  },
  runAction: {
    method: 'POST', path: '/api/runbook/actions/:action_id/run', scope: 'operate', input: RunActionInput, output: ActionRunResult,
    changes: ['queue', 'decisions', 'tasks', 'breakers', 'alerts'],
    errors: ['not_found', 'forbidden', 'validation_failed', 'bad_request', 'conflict'],
    summary: "Run a runbook action with a reason: it touches what its preview says now; a destructive one needs the preview's `confirm` typed (400 without, 409 when the preview changed). Writes one RUNBOOK_ACTION event (on the timeline); the result names the undo when there is one. With a `run_id` (409 when one of this workspace is already running under it), its progress can be read while it runs.",
  },
  getActionProgress: {
    method: 'GET', path: '/api/runbook/runs/:run_id', scope: 'read', input: GetActionProgressInput, output: ActionProgress,
    reads: [], // polled while the run's request is open
    errors: ['not_found', 'validation_failed'],
    summary: 'How far a runbook action run with this `run_id` has got (done of total), while it runs in this workspace; 404 before its first step and after it ends.',
  },
  listIncidents: {
    method: 'GET', path: '/api/runbook/incidents', scope: 'read', input: Empty, output: IncidentList, errors: [],
    reads: [], // RUNBOOK.md, read once at start
    summary: "RUNBOOK.md's incidents: each one's title, symptoms (Markdown) and the check and action ids its `runbook` block names.",
  },
} as const satisfies Record<string, OpDef>;

export type Contract = typeof contract;
export type OpName = keyof Contract;
/** What a caller sends (before defaults and coercion). */
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
/** What a handler receives (after validation). */
export type OpParsed<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Contract[K]['output']>;

export const OP_NAMES = Object.keys(contract) as OpName[];

/** Path parameter names of a route, in order: `/a/:x/b/:y` -> ['x', 'y']. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([a-z_]+)/g)].map((m) => m[1] as string);
}
