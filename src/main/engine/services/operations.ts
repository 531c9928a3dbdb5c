import { AppError } from '../../../shared/errors';
import type { OpName, OpOutput, OpParsed } from '../../../shared/contract';
import type { Ready } from '../../../shared/schemas/system';
import type { Caller, Principal } from '../ports/records';
import type { ServiceDeps } from './deps';
import type { PolicyCache } from './decisions/policies';
import type { Sessions } from './access/sessions';
import type { LiveStreams } from './access/live-streams';
import { submitDecision } from './decisions/submit';
import { assertIntakeOpen } from './runbook/intake-switch';
import { assertAffiliateAdmitted } from './runbook/affiliate-throttle';
import type { RateLimiter } from '../ports/rate-limiter';
import { livePipelineSettings } from './runbook/runtime-settings';
import { getDecision, getEntity, getTaskSummary, getTrace, listDecisions, listTasks } from './decisions/queries';
import { reviewDecision, undoReview, unblockTask } from './decisions/review';
import { blockedReasons, blockedTasks, decisionLag, decisionTypes } from './decisions/stats';
import { unblockTasks } from './decisions/bulk-unblock';
import { listDeadJobs, queueStatus, retryDeadJob, setQueuePaused, type WorkerLoad } from './runbook/queue-admin';
import { activatePolicy, getPolicy, listPolicies, uploadPolicy } from './decisions/policies';
import { actOnBreaker, listBreakers } from './integrations/breaker-admin';
import type { Breakers } from './integrations/breakers';
import type { Telemetry } from './alerting/telemetry';
import { readTimeline } from './decisions/timeline';
import { readAttention } from './decisions/attention';
import type { ReviewClaims } from './decisions/review-claims';
import type { CheckSources } from './runbook/checks/check';
import { runChecks } from './runbook/checks/run-checks';
import type { IntegrationConfig } from '../../../shared/schemas/integrations';
import type { KeyValue } from '../ports/key-value';
import type { ExportFiles } from '../ports/export-files';
import { listActions, previewAction, runAction } from './runbook/actions/runbook';
import type { ActionServices } from './runbook/actions/action';
import type { RemovedJobsFiles } from '../ports/removed-jobs-files';
import { readRunProgress, withRunProgress } from './runbook/actions/run-progress';
import type { RunbookIncidentView } from '../../../shared/schemas/runbook';
import { auditExportChunks, exportContentType, exportFileName, exportFilterFor } from './runbook/audit-export';
import type { Backups } from './runbook/backups/backups';

export interface CallContext {
  principal: Principal | null;
  /** The request that made this call (HTTP X-Request-Id or one the dispatcher made up). */
  requestId: string;
  /** The client's W3C `traceparent`, when it sent one. */
  traceparent?: string;
}

export interface OpResult<K extends OpName> {
  body: OpOutput<K>;
  status?: number;
  headers?: Record<string, string>;
}

export type Operations = { [K in OpName]: (input: OpParsed<K>, ctx: CallContext) => Promise<OpResult<K>> };

export interface OperationDeps {
  deps: ServiceDeps;
  policies: PolicyCache;
  worker: { notify(): void; load(): WorkerLoad };
  readiness(): Promise<Ready>;
  metricsText(): Promise<string>;
  version: string;
  sessions: Sessions;
  streams: LiveStreams;
  integrations: readonly IntegrationConfig[];
  breakers: Breakers;
  telemetry: Telemetry;
  claims: ReviewClaims;
  /** The shared KeyValue (the runbook's switches live there). */
  kv: KeyValue;
  /** The shared rate-limit store: per-affiliate throttles count submissions there. */
  rateLimiter: RateLimiter;
  checks: CheckSources;
  removedJobs: RemovedJobsFiles;
  /** RUNBOOK.md's incidents, read at start. */
  incidents: readonly RunbookIncidentView[];
  /** Where the export-audit action writes. */
  exports: ExportFiles;
  backups: Backups;
  /** The configured retention in days (what prune-now prunes unless told otherwise). */
  retentionDays: number;
  /** The configured per-workspace budget a minute (change-setting's rate_limit_per_minute starts from it). */
  rateLimitPerMinute: number;
  /** DECISIONOS_TRACE_VIEWER_URL (with `{trace_id}`), or null: what trace pages offer the UI to link to. */
  traceViewerUrl: string | null;
}

/** The caller with the call's request id, which services write on the audit events they cause. */
function who(ctx: CallContext): Caller {
  if (!ctx.principal) throw new AppError('unauthorized', 'this operation needs an API key');
  return { ...ctx.principal, requestId: ctx.requestId, ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) };
}

const ok = <T>(body: T) => ({ body });

/**
 * The one place operations meet services. The mapped type makes a contract row without a handler a
 * compile error; HTTP and IPC both call through this table.
 */
export function createOperations(o: OperationDeps): Operations {
  const { deps } = o;
  const notify = () => o.worker.notify();
  const alerts = o.telemetry.alerts;
  const breakerAdmin = { integrations: o.integrations, breakers: o.breakers, audit: deps.store, clock: deps.clock };
  const actions: ActionServices = { deps, kv: o.kv, notify, load: () => o.worker.load(), breakerAdmin, notifier: o.telemetry.notifier, removedJobs: o.removedJobs, alerts, exports: o.exports, backups: o.backups, retentionDays: o.retentionDays, rateLimitPerMinute: o.rateLimitPerMinute };
  return {
    health: async () => ok({ status: 'ok' as const, timestamp: new Date(deps.clock.now()).toISOString(), version: o.version }),
    ready: async () => {
      const ready = await o.readiness();
      return { body: ready, status: ready.ready ? 200 : 503 };
    },
    metrics: async () => ok(await o.metricsText()),
    createSession: async (input) => ok(o.sessions.exchange(input.token)),
    startKeySession: async (_input, ctx) => {
      const p = who(ctx);
      if (p.sessionId !== undefined) throw new AppError('bad_request', 'the presented key is already a browser session');
      return ok(o.sessions.open(p));
    },
    endSession: async (_input, ctx) => {
      const p = who(ctx);
      if (p.sessionId === undefined) {
        throw new AppError('bad_request', 'the presented key is an API key, not a browser session; revoke it with `decisionos keys revoke` instead');
      }
      o.sessions.end(p.sessionId);
      o.streams.endSession(p.sessionId);
      return ok({ ended: true as const, key_id: p.keyId });
    },
    whoAmI: async (_input, ctx) => {
      const p = who(ctx);
      return ok({ key_id: p.keyId, workspace_id: p.workspaceId, name: p.name, scopes: p.scopes });
    },
    submitDecision: async (input, ctx) => {
      await assertIntakeOpen(o.kv);
      await assertAffiliateAdmitted(o.kv, o.rateLimiter, who(ctx).workspaceId, input, deps.clock.now());
      const live = { ...deps, settings: await livePipelineSettings(o.kv, deps.settings) };
      const { decision, replayed, traceparent } = await submitDecision(live, who(ctx), input, notify);
      // W3C Trace Context level 2's response header: the client (and the access log) learn the trace of the request.
      const headers: Record<string, string> = { 'idempotent-replayed': String(replayed) };
      if (traceparent) headers.traceresponse = traceparent;
      return { body: decision, status: replayed ? 200 : 202, headers };
    },
    listDecisions: async (input, ctx) => ok(await listDecisions(deps, who(ctx), input)),
    getDecision: async (input, ctx) => ok(await getDecision(deps, who(ctx), input.decision_id)),
    reviewDecision: async (input, ctx) => {
      const p = who(ctx);
      await o.claims.assertFree(p.workspaceId, p, input.decision_id);
      const reviewed = await reviewDecision(deps, p, input);
      await o.claims.clear(p.workspaceId, input.decision_id);
      return ok(reviewed);
    },
    claimDecision: async (input, ctx) => {
      const p = who(ctx);
      return ok(await o.claims.claim(p.workspaceId, p, input.decision_id));
    },
    releaseClaim: async (input, ctx) => {
      const p = who(ctx);
      return ok({ decision_id: input.decision_id, released: await o.claims.release(p.workspaceId, p, input.decision_id) });
    },
    listClaims: async (_input, ctx) => ok({ items: await o.claims.list(who(ctx).workspaceId) }),
    undoReview: async (input, ctx) => ok(await undoReview(deps, who(ctx), input)),
    listTasks: async (input, ctx) => ok(await listTasks(deps, who(ctx), input)),
    getTaskSummary: async (input, ctx) => ok(await getTaskSummary(deps, who(ctx), input.task_id)),
    getDecisionTrace: async (input, ctx) => ok({ ...(await getTrace(deps, who(ctx), input)), trace_viewer_url: o.traceViewerUrl }),
    getEntity: async (input, ctx) => ok(await getEntity(deps, who(ctx), input)),
    unblockTask: async (input, ctx) => ok(await unblockTask(deps, who(ctx), input)),
    unblockTasks: async (input, ctx) => ok(await unblockTasks(deps, who(ctx), input)),
    statsBlockedReasons: async (input, ctx) => ok(await blockedReasons(deps, who(ctx), input)),
    statsBlockedTasks: async (input, ctx) => ok(await blockedTasks(deps, who(ctx), input)),
    statsDecisionLag: async (input, ctx) => ok(await decisionLag(deps, who(ctx), input)),
    statsDecisionTypes: async (input, ctx) => ok(await decisionTypes(deps, who(ctx), input)),
    getQueue: async (_input, ctx) => ok(await queueStatus(deps, who(ctx), o.worker.load())),
    listDeadJobs: async (_input, ctx) => ok(await listDeadJobs(deps, who(ctx))),
    retryDeadJob: async (input, ctx) => ok(await retryDeadJob(deps, who(ctx), input.job_id, input.reason, notify)),
    pauseQueue: async (input, ctx) => ok(await setQueuePaused(deps, who(ctx), true, input.reason, o.worker.load())),
    resumeQueue: async (input, ctx) => {
      const status = await setQueuePaused(deps, who(ctx), false, input.reason, o.worker.load());
      notify();
      return ok(status);
    },
    listPolicies: async (_input, ctx) => ok(await listPolicies(deps, who(ctx))),
    getPolicy: async (input, ctx) => ok(await getPolicy(deps, who(ctx), input.version)),
    uploadPolicy: async (input, ctx) => {
      const result = await uploadPolicy(deps, who(ctx), input);
      return { body: result, status: result.created ? 201 : 200 };
    },
    activatePolicy: async (input, ctx) => ok(await activatePolicy(deps, o.policies, who(ctx), input.version, input.reason)),
    listBreakers: async () => ok(await listBreakers(o.integrations, o.breakers)),
    listIntegrations: async () => ok({ items: [...o.integrations] }),
    forceOpenBreaker: async (input, ctx) => ok(await actOnBreaker(breakerAdmin, who(ctx), 'force-open', input)),
    forceCloseBreaker: async (input, ctx) => ok(await actOnBreaker(breakerAdmin, who(ctx), 'force-close', input)),
    resetBreaker: async (input, ctx) => ok(await actOnBreaker(breakerAdmin, who(ctx), 'reset', input)),
    listActiveAlerts: async (input) => ok(alerts.active(input.include_silenced === 'true')),
    listAlertHistory: async (input) => ok(alerts.recent(input.limit)),
    acknowledgeAlert: async (input, ctx) => ok(await alerts.acknowledge(who(ctx), input.rule_id, input.comment)),
    listAlertRules: async () => ok(alerts.listRules()),
    createAlertRule: async (input, ctx) => ok(await alerts.saveRule(who(ctx), input.rule, input.reason, 'create')),
    updateAlertRule: async (input, ctx) => {
      if (input.rule.id !== input.rule_id) throw new AppError('validation_failed', `rule.id (${input.rule.id}) must be the rule in the path (${input.rule_id})`);
      return ok(await alerts.saveRule(who(ctx), input.rule, input.reason, 'update'));
    },
    disableAlertRule: async (input, ctx) => ok(await alerts.setEnabled(who(ctx), input.rule_id, false, input.reason)),
    enableAlertRule: async (input, ctx) => ok(await alerts.setEnabled(who(ctx), input.rule_id, true, input.reason)),
    listSilences: async () => ok(alerts.listSilences()),
    createSilence: async (input, ctx) => ok(await alerts.createSilence(who(ctx), input)),
    expireSilence: async (input, ctx) => ok(await alerts.expireSilence(who(ctx), input.silence_id, input.reason)),
    listAlertDeliveries: async () => ok(o.telemetry.notifier?.recent() ?? []),
    getAttention: async (_input, ctx) => ok(await readAttention({ deps, alerts, kv: o.kv, breakers: () => listBreakers(o.integrations, o.breakers) }, who(ctx))),
    runChecks: async (input, ctx) => ok(await runChecks(o.checks, who(ctx), input.ids, { skipHeavy: input.skip === 'heavy' })),
    getSeries: async (input) => ok(o.telemetry.read(input)),
    getTimeline: async (input, ctx) => ok(await readTimeline(deps, who(ctx), input)),
    exportAudit: async (input, ctx) => {
      const caller = who(ctx);
      const filter = exportFilterFor(caller, { ...input, event_types: input.event_type });
      return {
        body: auditExportChunks(deps, caller, filter, input.format, 'http'),
        headers: {
          'content-type': exportContentType(input.format),
          'content-disposition': `attachment; filename="${exportFileName(caller.workspaceId, deps.clock.now(), input.format)}"`,
          'cache-control': 'no-store',
        },
      };
    },
    listActions: async () => ok(listActions()),
    previewAction: async (input, ctx) => ok(await previewAction(actions, who(ctx), input)),
    runAction: async (input, ctx) => {
      const caller = who(ctx);
      const { run_id: runId, ...run } = input;
      if (runId === undefined) return ok(await runAction(actions, caller, run));
      return ok(await withRunProgress(o.kv, caller.workspaceId, runId, input.action_id, (progress) => runAction(actions, caller, run, progress)));
    },
    getActionProgress: async (input, ctx) => ok(await readRunProgress(o.kv, who(ctx).workspaceId, input.run_id)),
    listIncidents: async () => ok({ items: [...o.incidents] }),
  };
}
