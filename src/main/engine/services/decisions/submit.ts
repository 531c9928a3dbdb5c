import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { DecisionView, SubmitDecisionInput } from '../../../../shared/schemas/decision';
import type { Caller } from '../../ports/records';
import type { TraceSpan } from '../../ports/tracing';
import type { ServiceDeps } from '../deps';
import { auditEvent, snapshotPayload, snapshotTimings, type DecisionSnapshot } from '../audit-events';
import { newId } from '../ids';

export interface SubmitResult {
  decision: DecisionView;
  replayed: boolean;
  /** This request's submit span as a W3C traceparent (null when tracing is off): the HTTP answer's `traceresponse`. */
  traceparent?: string | null;
}

/** The idempotency fingerprint: everything the client sent except the request id itself. */
function payloadHash(input: SubmitDecisionInput): string {
  const { client_request_id: _ignored, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/**
 * Accepts a decision: one transaction writes the decision (`queued`), its task, the RECEIVED and ENQUEUED
 * events and the inbox job. A repeated client_request_id within the TTL returns the original decision
 * when the payload is the same and is refused with idempotency_conflict when it is not.
 *
 * Traced (when tracing is on) as the root of the decision's trace, or a child of the client's `traceparent`:
 * `decision.submit`, with `decision.enqueue` (the commit of decision, events and job) under it. The job carries the
 * submit span's traceparent, so the worker's spans join the trace; its trace id is in the events' snapshots.
 */
export async function submitDecision(
  deps: ServiceDeps,
  principal: Caller,
  input: SubmitDecisionInput,
  onEnqueued?: () => void,
): Promise<SubmitResult> {
  const now = deps.clock.now();
  const decisionId = newId('dec', now);
  const taskId = input.task_id ?? `task_${decisionId.slice(4)}`;
  const span = deps.tracing.startSpan('decision.submit', {
    parent: principal.traceparent ?? null,
    startTime: now,
    attributes: { 'decision.id': decisionId, 'decision.type': input.decision_type, 'task.id': taskId, 'workspace.id': principal.workspaceId },
  });
  try {
    const result = await accept(deps, principal, input, { now, decisionId, taskId, span });
    if (result.replayed) span.setAttributes({ 'decision.replayed': true, 'decision.original_id': result.decision.decision_id });
    else onEnqueued?.();
    return { ...result, traceparent: span.traceparent };
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

async function accept(
  deps: ServiceDeps,
  principal: Caller,
  input: SubmitDecisionInput,
  { now, decisionId, taskId, span }: { now: number; decisionId: string; taskId: string; span: TraceSpan },
): Promise<SubmitResult> {
  // Without a source timestamp the event is taken to have happened when it arrived.
  const sourceEventTs = input.source_event_ts ? Date.parse(input.source_event_ts) : now;
  const hash = input.client_request_id ? payloadHash(input) : null;

  const snapshot: DecisionSnapshot = {
    decision_id: decisionId,
    task_id: taskId,
    decision_type: input.decision_type,
    status: 'queued',
    attempt: 0,
    inputs: input.inputs,
    signals: null,
    findings: [],
    risk_score: null,
    policy_version: null,
    policy_hash: null,
    ...(span.traceId ? { trace_id: span.traceId } : {}),
    timings: snapshotTimings({ sourceEventTs, enqueuedAt: now }),
  };
  const common = { taskId, decisionId, actor: principal.name, at: now, sourceEventTs, decisionType: input.decision_type, requestId: principal.requestId };
  const enqueue = deps.tracing.startSpan('decision.enqueue', { parent: span, attributes: { 'decision.id': decisionId } });
  const result = await deps.store.acceptSubmission({
    decision: {
      decisionId,
      workspaceId: principal.workspaceId,
      taskId,
      decisionType: input.decision_type,
      clientRequestId: input.client_request_id ?? null,
      inputs: input.inputs,
      sourceEventTs,
      enqueuedAt: now,
    },
    idempotency:
      input.client_request_id && hash
        ? { clientRequestId: input.client_request_id, payloadHash: hash, expiresAt: now + deps.settings.idempotencyTtlMs }
        : null,
    audits: [
      auditEvent('RECEIVED', { ...common, payload: snapshotPayload(snapshot, { client_request_id: input.client_request_id ?? null }) }),
      auditEvent('ENQUEUED', { ...common, payload: snapshotPayload(snapshot, { priority: input.priority ?? 0 }) }),
    ],
    job: {
      jobId: newId('job', now),
      decisionId,
      workspaceId: principal.workspaceId,
      taskId,
      priority: input.priority ?? 0,
      runAt: now,
      traceparent: span.traceparent,
    },
  }).catch((error: unknown) => {
    enqueue.fail(error);
    throw error;
  }).finally(() => enqueue.end());

  if (result.kind === 'existing') {
    if (result.payloadHash !== hash) {
      throw new AppError(
        'idempotency_conflict',
        `client_request_id ${input.client_request_id} was already used with a different payload`,
        { decision_id: result.decisionId },
      );
    }
    const original = await deps.store.getDecision(principal.workspaceId, result.decisionId);
    if (!original) throw new AppError('internal', `idempotency key points at missing decision ${result.decisionId}`);
    return { decision: original, replayed: true };
  }

  deps.events.enqueued();
  const at = new Date(now).toISOString();
  return {
    decision: {
      decision_id: decisionId,
      workspace_id: principal.workspaceId,
      task_id: taskId,
      decision_type: input.decision_type,
      status: 'queued',
      client_request_id: input.client_request_id ?? null,
      inputs: input.inputs,
      signals: null,
      findings: [],
      risk_score: null,
      policy_version: null,
      policy_hash: null,
      attempts: 0,
      last_error: null,
      source_event_ts: new Date(sourceEventTs).toISOString(),
      enqueued_at: at,
      processed_at: null,
      lag_ms: null,
      review: null,
      created_at: at,
      updated_at: at,
    },
    replayed: false,
  };
}
