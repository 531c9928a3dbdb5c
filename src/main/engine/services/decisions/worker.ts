import type { DecisionStatus, Signals } from '../../../../shared/schemas/decision';
import type { NewAudit, Outcome, WorkItem } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import type { PolicyCache } from './policies';
import type { SignalRequest } from '../../domain/signals';
import { evaluatePolicy } from '../../domain/policy';
import { SUPERVISOR_EVENT, orderFindings, taskStatusFor, verdictFromFindings } from '../../domain/decision-lifecycle';
import { retryDelayMs, shouldRetry } from '../../domain/backoff';
import { capSignals } from '../../domain/signals-cap';
import { auditEvent, snapshotPayload, snapshotTimings, type DecisionSnapshot } from '../audit-events';
import type { IntegrationLookupRequest, IntegrationLookupResult } from '../integrations/integrations';
import { mapWithLimit } from '../map-with-limit';
import { withAgentActionsSwitch } from '../../domain/agent-actions-switch';
import { agentActionsDisabled } from '../runbook/agent-actions-switch';
import type { KvReads } from '../../ports/key-value';
import type { TraceSpan } from '../../ports/tracing';

/** The batch's first write (startProcessing) failed: nothing of it was written or judged. */
class BatchNotStarted extends Error {
  constructor(cause: unknown) {
    super('the store refused to start the batch', { cause });
  }
}

/** Where signals come from. The SignalEngine in production; tests may hand in one that fails on cue. */
export interface SignalSource {
  compute(request: SignalRequest): Signals | Promise<Signals>;
}

/** External lookups (IntegrationLookups): asked for every decision of a batch before it is judged. */
export interface IntegrationSource {
  lookup(request: IntegrationLookupRequest): Promise<IntegrationLookupResult>;
}

/** Integration calls of one batch in flight at once: enough to hide network latency, few enough for an upstream. */
const LOOKUPS_IN_FLIGHT = 32;

export interface WorkerLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  /** A logger whose every line carries these bindings (pino's child); without it the bindings go on each line. */
  child?(bindings: Record<string, string>): WorkerLog;
}

const ACTOR = 'supervisor';

/** Ends the span when the promise settles (failed when it rejects); resolves and rejects as the promise does. */
function endsWith<T>(span: TraceSpan, work: Promise<T>): Promise<T> {
  return work.then(
    (value) => (span.end(), value),
    (error: unknown) => {
      span.fail(error);
      span.end();
      throw error;
    },
  );
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Longest stretch of judging between two yields to the event loop, in ms: judging is synchronous CPU work,
 * and one workspace's heavy batch must not hold every other workspace's submissions and reads behind it.
 */
const JUDGING_SLICE_MS = 5;

/**
 * Consumes the queue: claims a batch under a lease, marks it processing, computes signals, runs the policy
 * and writes every outcome in one transaction keyed by decision id, then acks. A failure schedules a retry
 * with backoff and jitter; after the last attempt the decision is `failed` and the job dead-lettered.
 */
export class Worker {
  private running = false;
  private loops: Promise<void>[] = [];
  private sleepers: (() => void)[] = [];
  private busyLoops = 0;
  /** Each claimed item's claim span, while its batch is in hand (only when tracing is on). */
  private claimSpans = new WeakMap<WorkItem, TraceSpan>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly policies: PolicyCache,
    private readonly signals: SignalSource,
    private readonly owner: string,
    private readonly log: WorkerLog,
    private readonly integrations: IntegrationSource | null = null,
    /** Where the agent-action kill switch is read (the shared KeyValue); none: the switch is never on. */
    private readonly switches: KvReads | null = null,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  get busy(): number {
    return this.busyLoops;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.deps.settings.concurrency; i += 1) this.loops.push(this.loop());
  }

  /** Wakes idle loops: called after a submission so a quiet engine does not wait for the next poll. */
  notify(): void {
    const sleepers = this.sleepers;
    this.sleepers = [];
    for (const wake of sleepers) wake();
  }

  /** Stops claiming; resolves when the batches in hand are written and acked. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.sleepers.push(done);
    });
  }

  private async loop(): Promise<void> {
    const { queue, clock, settings } = this.deps;
    while (this.running) {
      let items: WorkItem[];
      const claimedAt = Date.now(); // epoch ms, as spans take it (the clock may be a test's)
      try {
        items = await queue.claim(this.owner, settings.batchSize, settings.leaseMs, clock.now());
      } catch (error) {
        this.log.error({ err: error }, 'claiming jobs failed');
        await this.sleep(settings.pollIntervalMs * 10);
        continue;
      }
      if (items.length === 0) {
        await this.sleep(settings.pollIntervalMs);
        continue;
      }
      this.busyLoops += 1;
      const stopHeartbeat = this.keepLeases(items);
      let notStarted = false;
      try {
        await this.processBatch(items, claimedAt);
      } catch (error) {
        notStarted = error instanceof BatchNotStarted;
        if (notStarted) {
          // Nothing of the batch was written (the store is down, most likely): the jobs go back without spending an
          // attempt, so an outage cannot walk them towards the dead letters. If even that fails, their leases expire.
          this.log.error({ err: (error as BatchNotStarted).cause, jobs: items.length }, 'the store refused the batch; its jobs go back to the queue unjudged');
          await queue.release(this.owner, items.map((i) => i.jobId)).catch(() => undefined);
        } else {
          // The leases run out and the jobs come back: at-least-once, and the outcome write is idempotent.
          this.log.error({ err: error, jobs: items.length }, 'batch failed; its jobs return when their leases expire');
        }
      } finally {
        stopHeartbeat();
        this.busyLoops -= 1;
      }
      if (notStarted) await this.sleep(settings.pollIntervalMs * 10); // give the store a moment before the next claim
      // The embedded store is synchronous, so awaiting it never leaves the microtask queue: without this
      // the worker would keep the event loop from HTTP requests until the queue is empty.
      await yieldToEventLoop();
    }
  }

  /**
   * Extends the batch's leases every third of the lease while it is judged: integration lookups can make a batch
   * outlast its lease, and an expired lease would hand the same jobs to another worker mid-judgement.
   */
  private keepLeases(items: WorkItem[]): () => void {
    const { queue, clock, settings } = this.deps;
    const ids = items.map((i) => i.jobId);
    const timer = setInterval(() => {
      queue.heartbeat(this.owner, ids, settings.leaseMs, clock.now()).catch((error: unknown) => this.log.warn({ err: error, jobs: ids.length }, 'lease heartbeat failed'));
    }, Math.max(50, Math.floor(settings.leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Judges a claimed batch. Traced per decision (when tracing is on): `decision.claim` from the claim to the ack, a
   * child of the span the job carries (the submission's), with `decision.signals`, each `integration.call`,
   * `decision.policy` and `decision.write` under it.
   */
  async processBatch(items: WorkItem[], claimedAt = Date.now()): Promise<void> {
    const claims = this.startClaimSpans(items, claimedAt);
    try {
      await this.judgeBatch(items);
      for (const span of claims) span.end();
    } catch (error) {
      for (const span of claims) {
        span.fail(error);
        span.end();
      }
      throw error;
    }
  }

  private startClaimSpans(items: WorkItem[], claimedAt: number): TraceSpan[] {
    const { tracing } = this.deps;
    if (!tracing.enabled) return [];
    return items.map((item) => {
      const span = tracing.startSpan('decision.claim', {
        parent: item.traceparent ?? null,
        startTime: claimedAt,
        attributes: { 'decision.id': item.decisionId, 'decision.type': item.decisionType, 'task.id': item.taskId, 'job.id': item.jobId, 'job.attempt': item.attempt, 'worker.owner': this.owner },
      });
      this.claimSpans.set(item, span);
      return span;
    });
  }

  /** A step of an item's judgement, as a child of its claim span: the shared no-op when tracing is off. */
  private stepSpan(item: WorkItem, name: string): TraceSpan {
    const parent = this.claimSpans.get(item);
    return parent ? this.deps.tracing.startSpan(name, { parent, attributes: { 'decision.id': item.decisionId } }) : this.deps.tracing.startSpan(name);
  }

  /** The lines logged about one decision carry its ids and trace id (a pino child logger where there is one). */
  private decisionLog(item: WorkItem): WorkerLog {
    const traceId = this.claimSpans.get(item)?.traceId;
    const bindings: Record<string, string> = { decision_id: item.decisionId, task_id: item.taskId, ...(traceId ? { trace_id: traceId } : {}) };
    if (this.log.child) return this.log.child(bindings);
    return { error: (obj, msg) => this.log.error({ ...bindings, ...obj }, msg), warn: (obj, msg) => this.log.warn({ ...bindings, ...obj }, msg) };
  }

  private async judgeBatch(items: WorkItem[]): Promise<void> {
    const { store, queue, clock, events } = this.deps;
    events.dequeued(items.length);
    // An activation (possibly on another thread) applies from the next batch on.
    this.policies.refresh();
    // The kill switch is read per batch, so turning it on reaches every worker process within one batch. Unknown
    // (the store is down) is not "off": the batch goes back unjudged.
    let actionsDisabled: boolean;
    try {
      actionsDisabled = this.switches ? await agentActionsDisabled(this.switches) : false;
    } catch (error) {
      throw new BatchNotStarted(error);
    }
    const startedAt = clock.now();
    const startAudits = new Map<string, NewAudit>();
    for (const item of items) {
      startAudits.set(
        item.decisionId,
        this.audit('PROCESSING_STARTED', item, startedAt, { status: 'processing', startedAt }),
      );
    }
    let open: WorkItem[];
    try {
      open = await store.startProcessing(items, startAudits);
    } catch (error) {
      throw new BatchNotStarted(error);
    }
    const openJobs = new Set(open.map((i) => i.jobId));
    const alreadyDone = items.filter((i) => !openJobs.has(i.jobId)).map((i) => i.jobId);

    // Lookups do not depend on each other or on local signals: the whole batch asks in parallel.
    const integrations = this.integrations;
    const external = integrations
      ? await mapWithLimit(open, LOOKUPS_IN_FLIGHT, (item) => {
          const parent = this.claimSpans.get(item);
          return integrations.lookup({
            workspaceId: item.workspaceId,
            decisionType: item.decisionType,
            inputs: item.inputs,
            ...(parent ? { trace: { tracing: this.deps.tracing, parent } } : {}),
          });
        })
      : [];

    // Local signals too are asked for the whole batch at once: a shared signal history (Redis) then answers in one
    // pipelined exchange instead of one round trip per decision. Each history key still sees the batch's decisions
    // in order (commands go out in call order), so the figures are the ones a one-by-one pass would compute.
    // A signal source may be CPU-heavy too, so asking also yields to the event loop every slice.
    const asked: Promise<Signals>[] = [];
    let askStart = performance.now();
    for (const item of open) {
      if (performance.now() - askStart >= JUDGING_SLICE_MS) {
        await yieldToEventLoop();
        askStart = performance.now();
      }
      // Untraced, the computation is pushed as it is: tracing off adds no promise per decision.
      const span = this.claimSpans.has(item) ? this.stepSpan(item, 'decision.signals') : null;
      const computing = (async () => this.signals.compute(this.signalRequest(item)))();
      asked.push(span ? endsWith(span, computing) : computing);
    }
    const local = await Promise.allSettled(asked);

    const outcomes: Outcome[] = [];
    const toAck: string[] = [...alreadyDone];
    const toBury: { jobId: string; error: string }[] = [];
    let sliceStart = performance.now();
    for (const [index, item] of open.entries()) {
      if (performance.now() - sliceStart >= JUDGING_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      try {
        outcomes.push(await this.judge(item, startedAt, external[index] ?? null, local[index] as PromiseSettledResult<Signals>, actionsDisabled));
        toAck.push(item.jobId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.claimSpans.get(item)?.fail(error);
        if (shouldRetry(item.attempt, this.retryPolicy())) {
          await this.scheduleRetry(item, message);
        } else {
          outcomes.push(this.failure(item, startedAt, message));
          toBury.push({ jobId: item.jobId, error: message });
        }
      }
    }
    const writeStart = performance.now();
    const byDecision = this.deps.tracing.enabled ? new Map(open.map((i) => [i.decisionId, i])) : null;
    const writeSpans = byDecision
      ? outcomes.map((o) => {
          const item = byDecision.get(o.decisionId);
          return item ? this.stepSpan(item, 'decision.write') : null;
        })
      : [];
    let written: Set<string>;
    try {
      written = new Set(await store.recordOutcomes(outcomes));
    } catch (error) {
      for (const span of writeSpans) span?.fail(error);
      throw error;
    } finally {
      for (const span of writeSpans) span?.end();
    }
    if (outcomes.length > 0) events.outcomesWritten((performance.now() - writeStart) / 1000);
    for (const o of outcomes) {
      if (!written.has(o.decisionId)) continue;
      events.decided(o.decisionType, o.status, o.lagMs, o.riskScore);
    }
    await queue.ack(toAck);
    for (const { jobId, error } of toBury) {
      await queue.deadLetter(jobId, error, clock.now());
      events.deadLettered();
      const item = open.find((i) => i.jobId === jobId);
      if (item) this.decisionLog(item).warn({ error, attempts: item.attempt }, 'decision failed on its last attempt; its job is dead-lettered');
    }
  }

  private retryPolicy() {
    const s = this.deps.settings;
    return { maxAttempts: s.maxAttempts, baseDelayMs: s.retryBaseDelayMs, maxDelayMs: s.retryMaxDelayMs };
  }

  private signalRequest(item: WorkItem): SignalRequest {
    return { decisionId: item.decisionId, workspaceId: item.workspaceId, decisionType: item.decisionType, inputs: item.inputs, eventTime: item.sourceEventTs ?? item.enqueuedAt };
  }

  private async judge(
    item: WorkItem,
    startedAt: number,
    external: IntegrationLookupResult | null,
    computed: PromiseSettledResult<Signals>,
    actionsDisabled: boolean,
  ): Promise<Outcome> {
    const policy = await this.policies.get(item.workspaceId);
    if (computed.status === 'rejected') throw computed.reason;
    const local = computed.value;
    const capped = capSignals(external ? { ...local, ...external.signals } : local, this.deps.settings.maxSignalsBytes);
    if (capped.dropped.length) {
      this.decisionLog(item).warn({ decision: item.decisionId, dropped: capped.dropped, max_bytes: this.deps.settings.maxSignalsBytes }, 'signals over DECISIONOS_MAX_SIGNALS_BYTES: the largest were dropped');
    }
    const signals = capped.signals;
    const policySpan = this.stepSpan(item, 'decision.policy');
    let findings: DecisionSnapshot['findings'];
    let verdict: ReturnType<typeof verdictFromFindings>;
    try {
      const policyFindings = evaluatePolicy(policy, item.decisionType, item.inputs, signals);
      const judgedFindings = external?.findings.length ? orderFindings([...policyFindings, ...external.findings]) : policyFindings;
      findings = withAgentActionsSwitch(item.decisionType, judgedFindings, actionsDisabled);
      verdict = verdictFromFindings(findings);
      policySpan.setAttributes({ 'policy.version': policy.version, 'decision.verdict': verdict, 'decision.findings': findings.length });
    } catch (error) {
      policySpan.fail(error);
      throw error;
    } finally {
      policySpan.end();
    }
    const processedAt = this.deps.clock.now();
    const lagMs = processedAt - (item.sourceEventTs ?? item.enqueuedAt);
    const riskScore = typeof signals.risk_score === 'number' ? signals.risk_score : null;
    const judged = { signals, findings, riskScore, policyVersion: policy.version, policyHash: policy.hash };
    return {
      decisionId: item.decisionId,
      taskId: item.taskId,
      decisionType: item.decisionType,
      status: verdict,
      taskStatus: taskStatusFor(verdict),
      signals,
      findings,
      riskScore,
      policyVersion: policy.version,
      policyHash: policy.hash,
      processedAt,
      lagMs,
      lastError: null,
      audits: [
        this.audit('SIGNALS_COMPUTED', item, processedAt, { status: 'processing', startedAt, signals, riskScore }),
        this.audit(SUPERVISOR_EVENT[verdict], item, processedAt, {
          status: verdict,
          startedAt,
          processedAt,
          lagMs,
          ...judged,
          reasonCode: verdict === 'blocked' ? (findings[0]?.code ?? null) : null,
        }),
      ],
    };
  }

  private failure(item: WorkItem, startedAt: number, error: string): Outcome {
    const processedAt = this.deps.clock.now();
    return {
      decisionId: item.decisionId,
      taskId: item.taskId,
      decisionType: item.decisionType,
      status: 'failed',
      taskStatus: taskStatusFor('failed'),
      signals: null,
      findings: [],
      riskScore: null,
      policyVersion: null,
      policyHash: null,
      processedAt,
      lagMs: null,
      lastError: error,
      audits: [this.audit('FAILED', item, processedAt, { status: 'failed', startedAt, processedAt, error })],
    };
  }

  private async scheduleRetry(item: WorkItem, error: string): Promise<void> {
    const now = this.deps.clock.now();
    const delay = retryDelayMs(item.attempt, this.retryPolicy());
    await this.deps.store.recordRetry({
      decisionId: item.decisionId,
      error,
      audit: this.audit('RETRY_SCHEDULED', item, now, { status: 'queued', error, extra: { retry_in_ms: delay, next_attempt: item.attempt + 1 } }),
    });
    await this.deps.queue.retry(item.jobId, now + delay, error);
    this.claimSpans.get(item)?.setAttributes({ 'job.retry_in_ms': delay });
    this.deps.events.retried();
  }

  private audit(
    eventType: NewAudit['eventType'],
    item: WorkItem,
    at: number,
    s: {
      status: DecisionStatus;
      startedAt?: number;
      processedAt?: number;
      lagMs?: number;
      signals?: Signals;
      findings?: DecisionSnapshot['findings'];
      riskScore?: number | null;
      policyVersion?: number;
      policyHash?: string;
      reasonCode?: string | null;
      error?: string;
      extra?: Record<string, number>;
    },
  ): NewAudit {
    const snapshot: DecisionSnapshot = {
      decision_id: item.decisionId,
      task_id: item.taskId,
      decision_type: item.decisionType,
      status: s.status,
      attempt: item.attempt,
      inputs: item.inputs,
      signals: s.signals ?? null,
      findings: s.findings ?? [],
      risk_score: s.riskScore ?? null,
      policy_version: s.policyVersion ?? null,
      policy_hash: s.policyHash ?? null,
      ...(s.error ? { error: s.error } : {}),
      ...(this.claimSpans.get(item)?.traceId ? { trace_id: this.claimSpans.get(item)?.traceId as string } : {}),
      timings: snapshotTimings({
        sourceEventTs: item.sourceEventTs,
        enqueuedAt: item.enqueuedAt,
        startedAt: s.startedAt ?? null,
        processedAt: s.processedAt ?? null,
        lagMs: s.lagMs ?? null,
      }),
    };
    const terminal = s.processedAt !== undefined;
    return auditEvent(eventType, {
      taskId: item.taskId,
      decisionId: item.decisionId,
      actor: ACTOR,
      at,
      sourceEventTs: item.sourceEventTs ?? item.enqueuedAt,
      supervisorProcessedAt: terminal ? (s.processedAt as number) : null,
      payload: snapshotPayload(snapshot, s.extra ?? {}),
      reasonCode: s.reasonCode ?? null,
      lagMs: terminal && s.lagMs !== undefined ? s.lagMs : null,
      decisionType: item.decisionType,
    });
  }
}
