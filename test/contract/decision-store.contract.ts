import { expect, it } from 'vitest';
import type { JsonObject } from '../../src/shared/schemas/common';
import type { DecisionReads, DecisionWrites } from '../../src/main/engine/ports/audit-store';
import type { NewAudit, Outcome, Submission, WorkItem } from '../../src/main/engine/ports/records';
import type { AuditEventType } from '../../src/shared/schemas/audit';
import type { DecisionType, Finding, ListDecisionsInput } from '../../src/shared/schemas/decision';
import { decodeDecisionListCursor } from '../../src/main/engine/domain/decision-list-cursor';
import { decodeCursor } from '../../src/main/engine/domain/cursor';

/**
 * One store under test. Where the backends differ is the queue side: SQLite writes the job into its own queue
 * table, Postgres into the outbox a relay drains. These hooks say, in each backend's terms, what the queue did.
 */
export interface DecisionStoreBackend {
  writes: DecisionWrites;
  reads: DecisionReads;
  /** Jobs the store committed for the queue that the queue has not taken (SQLite: ready inbox rows; Postgres: outbox rows). */
  pendingJobs(): Promise<{ jobId: string; decisionId: string; workspaceId: string; taskId: string }[]>;
  /** The queue takes the pending jobs and the job of `decisionId` is dead-lettered there; returns that job's id. */
  deadLetter(decisionId: string): Promise<string>;
  /** The queue takes every pending job and loses them (a crash): their decisions are open with no live job. */
  loseJobs(): Promise<void>;
  /** findOrphanedDecisions scans the workspaces that have API keys: gives `workspaceId` one. */
  addWorkspace(workspaceId: string): Promise<void>;
  close(): Promise<void>;
}

const WS = 'ws-a';
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let auditSeq = 0;
function audit(eventType: AuditEventType, taskId: string, decisionId: string | null, at: number, extra: Partial<NewAudit> = {}): NewAudit {
  auditSeq += 1;
  return {
    auditId: `aud_${String(auditSeq).padStart(6, '0')}_${Math.random().toString(36).slice(2, 8)}`,
    taskId,
    decisionId,
    eventType,
    actor: 'tester',
    payload: { n: auditSeq, note: 'ü ✓' },
    createdAt: at,
    sourceEventTs: null,
    supervisorProcessedAt: null,
    ...extra,
  };
}

interface SubmitOptions {
  taskId?: string;
  workspaceId?: string;
  decisionType?: DecisionType;
  at?: number;
  key?: { id: string; hash: string; expiresAt?: number };
}

function submission(decisionId: string, o: SubmitOptions = {}): Submission {
  const at = o.at ?? T0;
  const taskId = o.taskId ?? `task_${decisionId}`;
  const workspaceId = o.workspaceId ?? WS;
  const decisionType = o.decisionType ?? 'payment_fraud_check';
  const inputs: JsonObject =
    decisionType === 'payment_fraud_check'
      ? { amount: 120.5, currency: 'EUR', customer_id: `cus_${decisionId}`, merchant_id: 'mer_1', extra: { nested: [1, 'two', null] } }
      : decisionType === 'reconciliation'
        ? { affiliate_id: 'aff_1', platform: 'p', claimed_amount: 10, reported_amount: null }
        : { agent_id: 'agent_1', tool: 'search' };
  return {
    decision: { decisionId, workspaceId, taskId, decisionType, clientRequestId: o.key?.id ?? null, inputs, sourceEventTs: at - 500, enqueuedAt: at },
    idempotency: o.key ? { clientRequestId: o.key.id, payloadHash: o.key.hash, expiresAt: o.key.expiresAt ?? at + 86_400_000 } : null,
    audits: [
      audit('RECEIVED', taskId, decisionId, at, { sourceEventTs: at - 500, decisionType }),
      audit('ENQUEUED', taskId, decisionId, at, { decisionType }),
    ],
    job: { jobId: `job_${decisionId}`, decisionId, workspaceId, taskId, priority: 3, runAt: at },
  };
}

function workItem(s: Submission, attempt = 1): WorkItem {
  const d = s.decision;
  return {
    jobId: s.job.jobId,
    attempt,
    decisionId: d.decisionId,
    workspaceId: d.workspaceId,
    taskId: d.taskId,
    decisionType: d.decisionType,
    status: 'queued',
    inputs: d.inputs,
    sourceEventTs: d.sourceEventTs,
    enqueuedAt: d.enqueuedAt,
  };
}

const finding = (code: string, kind: Finding['kind'] = 'redline'): Finding => ({ code, severity: 'high', message: `${code} hit`, rule_id: `r_${code}`, kind });

function outcome(s: Submission, status: Outcome['status'], at: number, o: Partial<Outcome> = {}): Outcome {
  const d = s.decision;
  const taskStatus = ({ approved: 'RUNNING', needs_review: 'NEEDS_REVIEW', blocked: 'BLOCKED', failed: 'FAILED' } as const)[status];
  const findings = o.findings ?? (status === 'blocked' ? [finding('sanctions_hit')] : status === 'needs_review' ? [finding('high_amount', 'threshold')] : []);
  const eventType = ({ approved: 'SUPERVISOR_APPROVED', needs_review: 'SUPERVISOR_NEEDS_REVIEW', blocked: 'SUPERVISOR_BLOCKED', failed: 'FAILED' } as const)[status];
  const lagMs = o.lagMs === undefined ? at - (d.sourceEventTs ?? at) : o.lagMs;
  return {
    decisionId: d.decisionId,
    taskId: d.taskId,
    decisionType: d.decisionType,
    status,
    taskStatus,
    signals: status === 'failed' ? null : { velocity: 2, new_device: false, country: 'DE', missing: null },
    findings,
    riskScore: status === 'failed' ? null : 0.5,
    policyVersion: status === 'failed' ? null : 1,
    policyHash: status === 'failed' ? null : 'hash1',
    processedAt: at,
    lagMs,
    lastError: status === 'failed' ? 'boom' : null,
    audits: [
      audit(eventType as AuditEventType, d.taskId, d.decisionId, at, {
        supervisorProcessedAt: at,
        decisionType: d.decisionType,
        reasonCode: status === 'blocked' ? (findings[0]?.code ?? null) : null,
        lagMs,
      }),
    ],
    ...o,
  };
}

/** Submits, starts and judges a decision: the whole pipeline of one job. */
async function judged(store: DecisionStoreBackend, id: string, status: Outcome['status'], o: SubmitOptions & { outcome?: Partial<Outcome> } = {}) {
  const s = submission(id, o);
  expect(await store.writes.acceptSubmission(s)).toEqual({ kind: 'created' });
  const at = (o.at ?? T0) + 1_000;
  await store.writes.startProcessing([workItem(s)], new Map([[id, audit('PROCESSING_STARTED', s.decision.taskId, id, at)]]));
  expect(await store.writes.recordOutcomes([outcome(s, status, at + 1_000, o.outcome)])).toEqual([id]);
  return s;
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

const listInput = (o: Partial<ListDecisionsInput>): ListDecisionsInput => ({ sort: 'created_at', order: 'desc', limit: 50, ...o });

export function decisionStoreContract(fresh: () => Promise<DecisionStoreBackend>): void {
  const withStore = (name: string, body: (store: DecisionStoreBackend) => Promise<void>, timeout?: number) =>
    it(name, async () => {
      const store = await fresh();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    }, timeout);

  withStore('a submission reads back as a queued decision with its task, trace, summary and one job for the queue', async (store) => {
    const s = submission('dec_000000001aaaaaaaaaaaa', { key: { id: 'req-1', hash: 'h1' } });
    expect(await store.writes.acceptSubmission(s)).toEqual({ kind: 'created' });

    const view = await store.reads.getDecision(WS, 'dec_000000001aaaaaaaaaaaa');
    expect(view).toEqual({
      decision_id: 'dec_000000001aaaaaaaaaaaa',
      workspace_id: WS,
      task_id: 'task_dec_000000001aaaaaaaaaaaa',
      decision_type: 'payment_fraud_check',
      status: 'queued',
      client_request_id: 'req-1',
      inputs: s.decision.inputs,
      signals: null,
      findings: [],
      risk_score: null,
      policy_version: null,
      policy_hash: null,
      attempts: 0,
      last_error: null,
      source_event_ts: iso(T0 - 500),
      enqueued_at: iso(T0),
      processed_at: null,
      lag_ms: null,
      review: null,
      created_at: iso(T0),
      updated_at: iso(T0),
    });
    expect(await store.reads.getDecision('other-ws', 'dec_000000001aaaaaaaaaaaa')).toBeNull();

    const trace = await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: 0, limit: 10 });
    expect(trace?.total).toBe(2);
    expect(trace?.items.map((e) => [e.event_type, e.created_at, e.source_event_ts, e.payload])).toEqual([
      ['RECEIVED', iso(T0), iso(T0 - 500), s.audits[0]!.payload],
      ['ENQUEUED', iso(T0), null, s.audits[1]!.payload],
    ]);
    expect(trace?.next_cursor).toBeNull();
    expect(await store.reads.getTrace({ workspaceId: 'other-ws', taskId: s.decision.taskId, afterSeq: 0, limit: 10 })).toBeNull();

    const summary = await store.reads.getTaskSummary(WS, s.decision.taskId);
    expect(summary).toEqual({
      task_id: s.decision.taskId,
      status: 'PENDING',
      decision_type: 'payment_fraud_check',
      created_at: iso(T0),
      updated_at: iso(T0),
      decisions: { queued: 1, processing: 0, approved: 0, needs_review: 0, blocked: 0, failed: 0 },
      audit_events: 2,
      first_event_at: iso(T0),
      last_event_at: iso(T0),
      blocked_reasons: [],
      last_decision: view,
    });
    expect(await store.reads.getTaskSummary(WS, 'nope')).toBeNull();

    const jobs = await store.pendingJobs();
    expect(jobs.map((j) => [j.decisionId, j.workspaceId, j.taskId])).toEqual([['dec_000000001aaaaaaaaaaaa', WS, s.decision.taskId]]);
    expect(await store.reads.countDecisionsByStatus()).toEqual({ queued: 1 });
  });

  withStore('a resubmission with a live key returns the first decision and writes nothing; an expired key is replaced', async (store) => {
    await store.writes.acceptSubmission(submission('dec_000000001bbbbbbbbbbbb', { key: { id: 'req-1', hash: 'h1', expiresAt: T0 + 10_000 } }));
    const again = await store.writes.acceptSubmission(submission('dec_000000002bbbbbbbbbbbb', { at: T0 + 5_000, key: { id: 'req-1', hash: 'h2' } }));
    expect(again).toEqual({ kind: 'existing', decisionId: 'dec_000000001bbbbbbbbbbbb', payloadHash: 'h1' });
    expect(await store.reads.getDecision(WS, 'dec_000000002bbbbbbbbbbbb')).toBeNull();
    expect(await store.pendingJobs()).toHaveLength(1);

    // Another workspace has keys of its own.
    expect(await store.writes.acceptSubmission(submission('dec_000000003bbbbbbbbbbbb', { workspaceId: 'ws-b', key: { id: 'req-1', hash: 'h3' } }))).toEqual({ kind: 'created' });

    const late = await store.writes.acceptSubmission(submission('dec_000000004bbbbbbbbbbbb', { at: T0 + 10_000, key: { id: 'req-1', hash: 'h4' } }));
    expect(late).toEqual({ kind: 'created' });
    const after = await store.writes.acceptSubmission(submission('dec_000000005bbbbbbbbbbbb', { at: T0 + 11_000, key: { id: 'req-1', hash: 'h5' } }));
    expect(after).toEqual({ kind: 'existing', decisionId: 'dec_000000004bbbbbbbbbbbb', payloadHash: 'h4' });
    expect(await store.reads.countDecisionsByStatus()).toEqual({ queued: 3 });
  });

  withStore('ten concurrent submissions with one key create exactly one decision; the others get it back', async (store) => {
    const ids = Array.from({ length: 10 }, (_, i) => `dec_00000000${i}cccccccccccc`);
    const results = await Promise.all(ids.map((id, i) => store.writes.acceptSubmission(submission(id, { key: { id: 'race', hash: `h${i}` } }))));
    const created = results.flatMap((r, i) => (r.kind === 'created' ? [ids[i]] : []));
    expect(created).toHaveLength(1);
    const winner = ids.indexOf(created[0] as string);
    for (const r of results) if (r.kind === 'existing') expect(r).toEqual({ kind: 'existing', decisionId: ids[winner], payloadHash: `h${winner}` });
    expect(await store.reads.countDecisionsByStatus()).toEqual({ queued: 1 });
    expect(await store.pendingJobs()).toHaveLength(1);
  });

  withStore('startProcessing moves open decisions only; the outcome is written once and a redelivered outcome changes nothing', async (store) => {
    const a = submission('dec_000000001dddddddddddd');
    const b = submission('dec_000000002dddddddddddd');
    await store.writes.acceptSubmission(a);
    await store.writes.acceptSubmission(b);
    const startAudits = new Map([
      [a.decision.decisionId, audit('PROCESSING_STARTED', a.decision.taskId, a.decision.decisionId, T0 + 1_000)],
      [b.decision.decisionId, audit('PROCESSING_STARTED', b.decision.taskId, b.decision.decisionId, T0 + 1_000)],
    ]);
    const open = await store.writes.startProcessing([workItem(a, 2), workItem(b)], startAudits);
    expect(open.map((i) => i.decisionId)).toEqual([a.decision.decisionId, b.decision.decisionId]);
    const processing = await store.reads.getDecision(WS, a.decision.decisionId);
    expect([processing?.status, processing?.attempts, processing?.updated_at]).toEqual(['processing', 2, iso(T0 + 1_000)]);

    const first = outcome(a, 'blocked', T0 + 2_000);
    expect(await store.writes.recordOutcomes([first, outcome(b, 'approved', T0 + 2_000)])).toEqual([a.decision.decisionId, b.decision.decisionId]);
    const judgedView = await store.reads.getDecision(WS, a.decision.decisionId);
    expect(judgedView).toMatchObject({
      status: 'blocked',
      signals: first.signals,
      findings: first.findings,
      risk_score: 0.5,
      policy_version: 1,
      policy_hash: 'hash1',
      processed_at: iso(T0 + 2_000),
      lag_ms: 2_500,
      updated_at: iso(T0 + 2_000),
    });
    expect((await store.reads.getTaskSummary(WS, a.decision.taskId))?.status).toBe('BLOCKED');
    const traceBefore = await store.reads.getTrace({ workspaceId: WS, taskId: a.decision.taskId, afterSeq: 0, limit: 50 });

    // Redelivery: the same job judged again (even with another verdict) is not written, nor started again.
    expect(await store.writes.recordOutcomes([outcome(a, 'approved', T0 + 9_000)])).toEqual([]);
    expect(await store.writes.startProcessing([workItem(a, 3)], new Map())).toEqual([]);
    expect(await store.reads.getDecision(WS, a.decision.decisionId)).toEqual(judgedView);
    expect(await store.reads.getTrace({ workspaceId: WS, taskId: a.decision.taskId, afterSeq: 0, limit: 50 })).toEqual(traceBefore);
    expect((await store.reads.getTaskSummary(WS, a.decision.taskId))?.status).toBe('BLOCKED');
    expect(await store.reads.decisionTypes(WS, T0)).toEqual({
      total: 2,
      types: [{ decision_type: 'payment_fraud_check', total: 2, by_status: { approved: 1, blocked: 1 } }],
    });
    expect(traceBefore?.items.map((e) => e.event_type)).toEqual(['RECEIVED', 'ENQUEUED', 'PROCESSING_STARTED', 'SUPERVISOR_BLOCKED']);
  });

  withStore('an outcome leaves a task alone once a newer decision of that task was submitted', async (store) => {
    const older = submission('dec_000000001eeeeeeeeeeee', { taskId: 'shared-task' });
    await store.writes.acceptSubmission(older);
    await store.writes.acceptSubmission(submission('dec_000000002eeeeeeeeeeee', { taskId: 'shared-task', at: T0 + 100 }));
    expect(await store.writes.recordOutcomes([outcome(older, 'blocked', T0 + 2_000)])).toEqual([older.decision.decisionId]);
    const summary = await store.reads.getTaskSummary(WS, 'shared-task');
    expect([summary?.status, summary?.last_decision?.decision_id, summary?.blocked_reasons]).toEqual(['PENDING', 'dec_000000002eeeeeeeeeeee', ['sanctions_hit']]);
    expect(summary?.decisions).toMatchObject({ queued: 1, blocked: 1 });
  });

  withStore('recordRetry puts an open decision back to queued with its error; a terminal one is left alone', async (store) => {
    const s = submission('dec_000000001ffffffffffff');
    await store.writes.acceptSubmission(s);
    await store.writes.startProcessing([workItem(s)], new Map());
    await store.writes.recordRetry({ decisionId: s.decision.decisionId, error: 'upstream timeout', audit: audit('RETRY_SCHEDULED', s.decision.taskId, s.decision.decisionId, T0 + 3_000) });
    expect(await store.reads.getDecision(WS, s.decision.decisionId)).toMatchObject({ status: 'queued', last_error: 'upstream timeout', updated_at: iso(T0 + 3_000) });

    const done = await judged(store, 'dec_000000002ffffffffffff', 'approved');
    const before = await store.reads.getDecision(WS, done.decision.decisionId);
    await store.writes.recordRetry({ decisionId: done.decision.decisionId, error: 'late', audit: audit('RETRY_SCHEDULED', done.decision.taskId, done.decision.decisionId, T0 + 9_000) });
    expect(await store.reads.getDecision(WS, done.decision.decisionId)).toEqual(before);
    expect((await store.reads.getTrace({ workspaceId: WS, taskId: done.decision.taskId, afterSeq: 0, limit: 50 }))?.total).toBe(4);
  });

  withStore('a review judges only needs_review decisions; undo is its reviewer\'s, within the window, while the status holds', async (store) => {
    const s = await judged(store, 'dec_000000001gggggggggggg', 'needs_review');
    const id = s.decision.decisionId;
    const at = T0 + 10_000;
    const review = { verdict: 'approve' as const, reviewer: 'ann', note: 'fine', reviewed_at: iso(at) };
    await expectAppError(store.writes.recordReview(WS, 'dec_missing', review, audit('REVIEW_APPROVED', s.decision.taskId, id, at)), 'not_found');
    await expectAppError(store.writes.recordReview('other-ws', id, review, audit('REVIEW_APPROVED', s.decision.taskId, id, at)), 'not_found');

    const reviewed = await store.writes.recordReview(WS, id, review, audit('REVIEW_APPROVED', s.decision.taskId, id, at));
    expect(reviewed).toMatchObject({ status: 'approved', review, updated_at: iso(at) });
    expect(reviewed).toEqual(await store.reads.getDecision(WS, id));
    expect((await store.reads.getTaskSummary(WS, s.decision.taskId))?.status).toBe('RUNNING');
    await expectAppError(store.writes.recordReview(WS, id, review, audit('REVIEW_APPROVED', s.decision.taskId, id, at)), 'invalid_state');

    await expectAppError(store.writes.undoReview(WS, id, 'bob', audit('REVIEW_UNDONE', s.decision.taskId, id, at + 1_000)), 'invalid_state');
    await expectAppError(store.writes.undoReview(WS, id, 'ann', audit('REVIEW_UNDONE', s.decision.taskId, id, at + 61_000)), 'invalid_state');
    const undone = await store.writes.undoReview(WS, id, 'ann', audit('REVIEW_UNDONE', s.decision.taskId, id, at + 5_000));
    expect(undone).toMatchObject({ status: 'needs_review', review: null, updated_at: iso(at + 5_000) });
    expect((await store.reads.getTaskSummary(WS, s.decision.taskId))?.status).toBe('NEEDS_REVIEW');
    await expectAppError(store.writes.undoReview(WS, id, 'ann', audit('REVIEW_UNDONE', s.decision.taskId, id, at + 6_000)), 'invalid_state');
    const events = (await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: 0, limit: 50 }))?.items.map((e) => e.event_type);
    expect(events?.slice(-2)).toEqual(['REVIEW_APPROVED', 'REVIEW_UNDONE']);
  });

  withStore('unblock moves a BLOCKED task to RUNNING once; unknown and unblocked tasks are refused', async (store) => {
    const s = await judged(store, 'dec_000000001hhhhhhhhhhhh', 'blocked');
    const taskId = s.decision.taskId;
    await expectAppError(store.writes.unblockTask(WS, 'no-task', audit('MANUAL_UNBLOCK', 'no-task', null, T0 + 5_000)), 'not_found');
    const a = audit('MANUAL_UNBLOCK', taskId, null, T0 + 5_000);
    expect(await store.writes.unblockTask(WS, taskId, a)).toEqual({ task_id: taskId, status: 'RUNNING', audit_id: a.auditId });
    const summary = await store.reads.getTaskSummary(WS, taskId);
    expect([summary?.status, summary?.updated_at]).toEqual(['RUNNING', iso(T0 + 5_000)]);
    await expectAppError(store.writes.unblockTask(WS, taskId, audit('MANUAL_UNBLOCK', taskId, null, T0 + 6_000)), 'not_blocked');
    await store.writes.appendAudit(WS, audit('RUNBOOK_ACTION', taskId, null, T0 + 7_000));
    const trace = await store.reads.getTrace({ workspaceId: WS, taskId, afterSeq: 0, limit: 50 });
    expect(trace?.items.map((e) => e.event_type).slice(-2)).toEqual(['MANUAL_UNBLOCK', 'RUNBOOK_ACTION']);
  });

  withStore('a dead-letter retry puts the failed decision back to queued with a job for the queue; other states are refused', async (store) => {
    const failed = await judged(store, 'dec_000000001iiiiiiiiiiii', 'failed');
    const id = failed.decision.decisionId;
    const ok = await judged(store, 'dec_000000002iiiiiiiiiiii', 'approved');
    const jobId = await store.deadLetter(id);
    expect(await store.pendingJobs()).toEqual([]);
    await expectAppError(store.writes.requeueDecision(WS, ok.decision.decisionId, jobId, audit('RUNBOOK_ACTION', ok.decision.taskId, ok.decision.decisionId, T0 + 9_000)), 'invalid_state');
    await expectAppError(store.writes.requeueDecision(WS, 'dec_missing', jobId, audit('RUNBOOK_ACTION', 'x', 'dec_missing', T0 + 9_000)), 'not_found');
    await expectAppError(store.writes.requeueDecision(WS, id, 'job_unknown', audit('RUNBOOK_ACTION', failed.decision.taskId, id, T0 + 9_000)), 'not_found');
    expect((await store.reads.getDecision(WS, id))?.status).toBe('failed');

    await store.writes.requeueDecision(WS, id, jobId, audit('RUNBOOK_ACTION', failed.decision.taskId, id, T0 + 9_000));
    expect(await store.reads.getDecision(WS, id)).toMatchObject({ status: 'queued', last_error: null, updated_at: iso(T0 + 9_000) });
    expect((await store.reads.getTaskSummary(WS, failed.decision.taskId))?.status).toBe('PENDING');
    expect((await store.pendingJobs()).map((j) => j.decisionId)).toEqual([id]);
    await expectAppError(store.writes.requeueDecision(WS, id, jobId, audit('RUNBOOK_ACTION', failed.decision.taskId, id, T0 + 9_500)), 'invalid_state');
  });

  withStore('a purge fails each open decision whose job was removed, with its error and event, once; a judged one is left alone', async (store) => {
    await store.addWorkspace(WS);
    const queued = submission('dec_000000001pppppppppppp');
    const processing = submission('dec_000000002pppppppppppp');
    await store.writes.acceptSubmission(queued);
    await store.writes.acceptSubmission(processing);
    await store.writes.startProcessing([workItem(processing)], new Map());
    const done = await judged(store, 'dec_000000003pppppppppppp', 'approved');
    await store.loseJobs();
    const error = 'purged by an operator (ann): poisoned inputs';
    const purge = (s: Submission, at: number, ws = WS) =>
      store.writes.failPurgedDecision(ws, s.decision.decisionId, error, audit('RUNBOOK_ACTION', s.decision.taskId, s.decision.decisionId, at));

    expect(await purge(queued, T0 + 9_000, 'ws-b')).toBe(false);
    expect(await purge(queued, T0 + 9_000)).toBe(true);
    expect(await purge(processing, T0 + 9_000)).toBe(true);
    for (const s of [queued, processing]) {
      expect(await store.reads.getDecision(WS, s.decision.decisionId)).toMatchObject({ status: 'failed', last_error: error, updated_at: iso(T0 + 9_000) });
      expect((await store.reads.getTaskSummary(WS, s.decision.taskId))?.status).toBe('FAILED');
      const trace = await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: 0, limit: 50 });
      expect(trace?.items.at(-1)?.event_type).toBe('RUNBOOK_ACTION');
    }
    expect(await purge(queued, T0 + 9_500)).toBe(false);
    expect(await purge(done, T0 + 9_500)).toBe(false);
    expect((await store.reads.getDecision(WS, done.decision.decisionId))?.status).toBe('approved');
    expect(await store.reads.findOrphanedDecisions(10)).toEqual([]);
  });

  withStore('restoring a removed job puts the failed decision back to queued with its job for the queue, once', async (store) => {
    const s = submission('dec_000000001rrrrrrrrrrrr');
    const ok = await judged(store, 'dec_000000002rrrrrrrrrrrr', 'approved');
    await store.writes.acceptSubmission(s);
    const id = s.decision.decisionId;
    const jobId = (await store.pendingJobs()).find((j) => j.decisionId === id)?.jobId as string;
    const job = { jobId, decisionId: id, priority: 3 };
    const restore = (r: typeof job, at: number, ws = WS) => store.writes.restoreRemovedJob(ws, r, audit('RUNBOOK_ACTION', s.decision.taskId, r.decisionId, at));
    await expectAppError(restore(job, T0 + 8_000), 'invalid_state');
    await store.loseJobs();
    expect(await store.writes.failPurgedDecision(WS, id, 'purged', audit('RUNBOOK_ACTION', s.decision.taskId, id, T0 + 8_500))).toBe(true);

    await expectAppError(restore(job, T0 + 9_000, 'ws-b'), 'not_found');
    await expectAppError(restore({ ...job, decisionId: 'dec_missing' }, T0 + 9_000), 'not_found');
    await expectAppError(restore({ jobId: ok.decision.decisionId, decisionId: ok.decision.decisionId, priority: 0 }, T0 + 9_000), 'invalid_state');
    expect(await store.pendingJobs()).toEqual([]);
    await restore(job, T0 + 9_000);
    expect(await store.reads.getDecision(WS, id)).toMatchObject({ status: 'queued', last_error: null, updated_at: iso(T0 + 9_000) });
    expect((await store.reads.getTaskSummary(WS, s.decision.taskId))?.status).toBe('PENDING');
    expect(await store.pendingJobs()).toMatchObject([{ jobId, decisionId: id, workspaceId: WS, taskId: s.decision.taskId }]);
    await expectAppError(restore(job, T0 + 9_500), 'invalid_state');
    expect(await store.pendingJobs()).toHaveLength(1);
  });

  withStore('a re-judge reopens a terminal, unreviewed decision with one job and its audit; open, reviewed, foreign and unknown ones are left alone', async (store) => {
    const done = await judged(store, 'dec_000000001rrrrrrrrrrrr', 'needs_review');
    const failed = await judged(store, 'dec_000000002rrrrrrrrrrrr', 'failed');
    await store.deadLetter(failed.decision.decisionId);
    const reviewed = await judged(store, 'dec_000000003rrrrrrrrrrrr', 'needs_review');
    const review = { verdict: 'approve' as const, reviewer: 'ann', note: null, reviewed_at: iso(T0 + 4_000) };
    await store.writes.recordReview(WS, reviewed.decision.decisionId, review, audit('REVIEW_APPROVED', reviewed.decision.taskId, reviewed.decision.decisionId, T0 + 4_000));
    const open = submission('dec_000000004rrrrrrrrrrrr');
    await store.writes.acceptSubmission(open);
    const before = (await store.pendingJobs()).map((j) => j.decisionId);
    const at = T0 + 9_000;
    const reopen = (ws: string, s: { decision: { decisionId: string; taskId: string } }, jobId: string) =>
      store.writes.reopenDecision(ws, s.decision.decisionId, jobId, audit('REJUDGED', s.decision.taskId, s.decision.decisionId, at));

    expect(await reopen('other-ws', done, 'job_r0')).toBe(false);
    expect(await reopen(WS, { decision: { decisionId: 'dec_missing', taskId: 'x' } }, 'job_r0')).toBe(false);
    expect(await reopen(WS, reviewed, 'job_r0')).toBe(false);
    expect(await reopen(WS, open, 'job_r0')).toBe(false);
    expect((await store.pendingJobs()).map((j) => j.decisionId)).toEqual(before);

    expect(await reopen(WS, done, 'job_r1')).toBe(true);
    expect(await reopen(WS, failed, 'job_r2')).toBe(true);
    expect(await reopen(WS, done, 'job_r3')).toBe(false); // queued now: a second re-judge at once adds nothing
    for (const s of [done, failed]) {
      expect(await store.reads.getDecision(WS, s.decision.decisionId)).toMatchObject({ status: 'queued', last_error: null, updated_at: iso(at) });
      expect((await store.reads.getTaskSummary(WS, s.decision.taskId))?.status).toBe('PENDING');
      const events = (await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: 0, limit: 50 }))?.items.map((e) => e.event_type);
      expect(events?.slice(-2)).toEqual([s === done ? 'SUPERVISOR_NEEDS_REVIEW' : 'FAILED', 'REJUDGED']);
    }
    const pending = (await store.pendingJobs()).map((j) => j.decisionId);
    expect(pending.filter((d) => d === done.decision.decisionId)).toHaveLength(1);
    expect(pending.filter((d) => d === failed.decision.decisionId)).toHaveLength(1);
    expect((await store.reads.getDecision(WS, reviewed.decision.decisionId))?.status).toBe('approved');
  });

  withStore('open decisions whose jobs were lost are orphans; requeueing one gives it a job, and then it is none', async (store) => {
    await store.addWorkspace(WS);
    const queued = submission('dec_000000001jjjjjjjjjjjj');
    const processing = submission('dec_000000002jjjjjjjjjjjj');
    await store.writes.acceptSubmission(queued);
    await store.writes.acceptSubmission(processing);
    await judged(store, 'dec_000000003jjjjjjjjjjjj', 'approved');
    await store.writes.startProcessing([workItem(processing)], new Map());
    expect(await store.reads.findOrphanedDecisions(10)).toEqual([]);

    await store.loseJobs();
    const orphans = await store.reads.findOrphanedDecisions(10);
    expect(orphans.sort((x, y) => x.decisionId.localeCompare(y.decisionId))).toEqual([
      { workspaceId: WS, decisionId: queued.decision.decisionId, taskId: queued.decision.taskId, decisionType: 'payment_fraud_check', status: 'queued', queuedAs: expect.toBeOneOf([null, queued.decision.decisionId]) },
      { workspaceId: WS, decisionId: processing.decision.decisionId, taskId: processing.decision.taskId, decisionType: 'payment_fraud_check', status: 'processing', queuedAs: expect.toBeOneOf([null, processing.decision.decisionId]) },
    ]);
    expect(await store.reads.findOrphanedDecisions(1)).toHaveLength(1);

    const orphan = orphans.find((o) => o.status === 'processing')!;
    const at = Date.now();
    expect(await store.writes.requeueOrphan(orphan, 'job_new', audit('REQUEUED_BY_RECONCILER', orphan.taskId, orphan.decisionId, at))).toBe(true);
    expect((await store.reads.getDecision(WS, orphan.decisionId))?.status).toBe('queued');
    expect((await store.pendingJobs()).map((j) => j.decisionId)).toEqual([orphan.decisionId]);
    expect(await store.writes.requeueOrphan(orphan, 'job_newer', audit('REQUEUED_BY_RECONCILER', orphan.taskId, orphan.decisionId, at))).toBe(false);
    const done = { ...orphan, decisionId: 'dec_000000003jjjjjjjjjjjj', taskId: 'task_dec_000000003jjjjjjjjjjjj' };
    expect(await store.writes.requeueOrphan(done, 'job_x', audit('REQUEUED_BY_RECONCILER', done.taskId, done.decisionId, at))).toBe(false);
    expect((await store.reads.findOrphanedDecisions(10)).map((o) => o.decisionId)).toEqual([queued.decision.decisionId]);
  });

  withStore('the decisions list pages through every sort and order in SQLite\'s order (a missing score lowest)', async (store) => {
    const plan: [string, Outcome['status'] | 'queued', DecisionType, number | null][] = [
      ['dec_000000001kkkkkkkkkkkk', 'approved', 'payment_fraud_check', 0.2],
      ['dec_000000002kkkkkkkkkkkk', 'blocked', 'reconciliation', 0.9],
      ['dec_000000003kkkkkkkkkkkk', 'queued', 'agent_tool_call', null],
      ['dec_000000004kkkkkkkkkkkk', 'needs_review', 'payment_fraud_check', 0.2],
      ['dec_000000005kkkkkkkkkkkk', 'queued', 'payment_fraud_check', null],
      ['dec_000000006kkkkkkkkkkkk', 'approved', 'agent_tool_call', 0.7],
      ['dec_000000007kkkkkkkkkkkk', 'failed', 'reconciliation', null],
    ];
    for (const [i, [id, status, decisionType, risk]] of plan.entries()) {
      // Two decisions share a creation time: the id breaks the tie.
      const at = T0 + Math.min(i, 5) * 1_000;
      if (status === 'queued') await store.writes.acceptSubmission(submission(id, { decisionType, at }));
      else await judged(store, id, status, { decisionType, at, outcome: { riskScore: risk } });
    }
    const rows = plan.map(([id, status, decision_type, risk_score], i) => ({ id, status, decision_type, risk_score, created_at: T0 + Math.min(i, 5) * 1_000 }));
    type Row = (typeof rows)[number];
    for (const sort of ['created_at', 'risk_score', 'status', 'decision_type'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const key = (r: Row) => r[sort];
        const cmp = (x: Row, y: Row) => {
          const a = key(x);
          const b = key(y);
          const byKey = a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
          return (byKey || (x.id < y.id ? -1 : 1)) * (order === 'asc' ? 1 : -1);
        };
        const expected = [...rows].sort(cmp).map((r) => r.id);
        const seen: string[] = [];
        let after = null;
        for (let page = 0; page < 10; page += 1) {
          const result = await store.reads.listDecisions(WS, listInput({ sort, order, limit: 2 }), after);
          seen.push(...result.items.map((d) => d.decision_id));
          if (!result.next_cursor) break;
          after = decodeDecisionListCursor(result.next_cursor, sort, order);
        }
        expect(seen, `${sort} ${order}`).toEqual(expected);
      }
    }
    const filtered = await store.reads.listDecisions(WS, listInput({ status: 'approved', decision_type: 'agent_tool_call' }), null);
    expect(filtered.items.map((d) => d.decision_id)).toEqual(['dec_000000006kkkkkkkkkkkk']);
    const byFinding = await store.reads.listDecisions(WS, listInput({ finding_code: 'sanctions_hit' }), null);
    expect(byFinding.items.map((d) => d.decision_id)).toEqual(['dec_000000002kkkkkkkkkkkk']);
    const window = await store.reads.listDecisions(WS, listInput({ from: iso(T0 + 1_000), to: iso(T0 + 3_000), order: 'asc' }), null);
    expect(window.items.map((d) => d.decision_id)).toEqual(['dec_000000002kkkkkkkkkkkk', 'dec_000000003kkkkkkkkkkkk']);
    const byTask = await store.reads.listDecisions(WS, listInput({ task_id: 'task_dec_000000004kkkkkkkkkkkk' }), null);
    expect(byTask.items.map((d) => d.status)).toEqual(['needs_review']);
    expect((await store.reads.listDecisions('other-ws', listInput({}), null)).items).toEqual([]);
  });

  withStore('attention lists, counts and stats agree on the same decisions', async (store) => {
    await judged(store, 'dec_000000001llllllllllll', 'blocked', { taskId: 'tB', at: T0 });
    await judged(store, 'dec_000000002llllllllllll', 'blocked', { taskId: 'tA', at: T0, outcome: { findings: [finding('velocity')], lagMs: 100 } });
    await judged(store, 'dec_000000003llllllllllll', 'blocked', { taskId: 'tC', at: T0 + 120_000 });
    await judged(store, 'dec_000000004llllllllllll', 'needs_review', { taskId: 'tR', at: T0 + 60_000 });
    await judged(store, 'dec_000000005llllllllllll', 'failed', { taskId: 'tF', decisionType: 'reconciliation' });
    await judged(store, 'dec_000000006llllllllllll', 'approved', { taskId: 'tOK', decisionType: 'agent_tool_call', outcome: { lagMs: null } });
    await store.writes.acceptSubmission(submission('dec_000000007llllllllllll', { workspaceId: 'ws-b' }));

    // Paging: newest change first, ties by task id descending.
    const pages: string[][] = [];
    let before: { updatedAt: number; id: string } | null = null;
    for (let i = 0; i < 5; i += 1) {
      const page = await store.reads.listTasks(WS, { status: 'BLOCKED', limit: 1 }, before);
      pages.push(page.items.map((t) => t.task_id));
      if (!page.next_cursor) break;
      const c = decodeCursor<{ t: number; id: string }>(page.next_cursor, { t: 'number', id: 'string' });
      before = { updatedAt: c.t, id: c.id };
    }
    expect(pages).toEqual([['tC'], ['tB'], ['tA']]);
    const all = await store.reads.listTasks(WS, { status: 'BLOCKED', limit: 10 }, null);
    expect(all.items[0]).toEqual({
      task_id: 'tC',
      status: 'BLOCKED',
      decision_type: 'payment_fraud_check',
      updated_at: iso(T0 + 122_000),
      last_decision_id: 'dec_000000003llllllllllll',
      reason_code: 'sanctions_hit',
      reason_message: 'sanctions_hit hit',
    });
    expect((await store.reads.listTasks(WS, { status: 'BLOCKED', reason_code: 'velocity', limit: 10 }, null)).items.map((t) => t.task_id)).toEqual(['tA']);
    expect((await store.reads.listTasks(WS, { status: 'NEEDS_REVIEW', limit: 10 }, null)).items.map((t) => t.task_id)).toEqual(['tR']);

    expect(await store.reads.blockedTasks(WS, 1)).toEqual({ blocked_tasks: 3, reasons: [{ reason_code: 'sanctions_hit', count: 2 }] });
    expect(await store.reads.blockedReasons(WS, T0, 5)).toEqual({
      total_blocked: 3,
      blocked_tasks: 3,
      reasons: [
        { reason_code: 'sanctions_hit', count: 2 },
        { reason_code: 'velocity', count: 1 },
      ],
    });
    expect((await store.reads.blockedReasons(WS, T0 + 100_000, 5)).total_blocked).toBe(1);
    expect(await store.reads.countDecisionsByStatus()).toEqual({ blocked: 3, needs_review: 1, failed: 1, approved: 1, queued: 1 });
    expect(await store.reads.countWorkspaceBacklog(WS)).toEqual({ needsReview: 1, oldestNeedsReviewAt: T0 + 60_000, blockedTasks: 3 });
    expect(await store.reads.countWorkspaceBacklog('ws-b')).toEqual({ needsReview: 0, oldestNeedsReviewAt: null, blockedTasks: 0 });
    expect(await store.reads.countAttentionTasks()).toEqual({ BLOCKED: 3, NEEDS_REVIEW: 1, FAILED: 1 });

    expect(await store.reads.decisionTypes(WS, T0)).toEqual({
      total: 6,
      types: [
        { decision_type: 'payment_fraud_check', total: 4, by_status: { blocked: 3, needs_review: 1 } },
        { decision_type: 'agent_tool_call', total: 1, by_status: { approved: 1 } },
        { decision_type: 'reconciliation', total: 1, by_status: { failed: 1 } },
      ],
    });
    const lag = await store.reads.lagHistogram(WS, T0);
    expect([lag.count, lag.sum, lag.max]).toEqual([5, 2_500 * 4 + 100, 2_500]);
    expect(Object.values(lag.buckets).reduce((a, b) => a + b, 0)).toBe(5);
    expect((await store.reads.lagHistogram(WS, T0 + 100_000)).count).toBe(2);
    expect(await store.reads.lagHistogram('ws-b', T0)).toEqual({ count: 0, sum: 0, max: null, buckets: {} });
  });

  withStore('counts the overdue cohort per workspace: decisions submitted in the span, and those still queued or processing; newest `limit` per workspace', async (store) => {
    const MIN = 60_000;
    await store.addWorkspace(WS);
    await store.addWorkspace('ws-b');
    const queued = async (id: string, at: number, workspaceId = WS) => expect(await store.writes.acceptSubmission(submission(id, { at, workspaceId }))).toEqual({ kind: 'created' });
    await queued('dec_000000001vvvvvvvvvvvv', T0 - 80 * MIN); // before the span
    await judged(store, 'dec_000000002vvvvvvvvvvvv', 'approved', { at: T0 - 65 * MIN });
    await queued('dec_000000003vvvvvvvvvvvv', T0 - 30 * MIN);
    const processing = submission('dec_000000004vvvvvvvvvvvv', { at: T0 - 20 * MIN });
    await store.writes.acceptSubmission(processing);
    await store.writes.startProcessing([workItem(processing)], new Map([[processing.decision.decisionId, audit('PROCESSING_STARTED', processing.decision.taskId, processing.decision.decisionId, T0 - 19 * MIN)]]));
    await judged(store, 'dec_000000005vvvvvvvvvvvv', 'needs_review', { at: T0 - 15 * MIN });
    await queued('dec_000000006vvvvvvvvvvvv', T0 - 5 * MIN); // too recent to count as missing
    await judged(store, 'dec_000000007vvvvvvvvvvvv', 'blocked', { at: T0 - 40 * MIN, workspaceId: 'ws-b' });
    await queued('dec_000000008vvvvvvvvvvvv', T0 - 45 * MIN, 'ws-b');

    expect(await store.reads.countOverdueDecisions(T0 - 70 * MIN, T0 - 10 * MIN, 100)).toEqual({ submitted: 6, notTerminal: 3 });
    // At most two per workspace, the newest: ws-a's needs_review and processing ones, both of ws-b.
    expect(await store.reads.countOverdueDecisions(T0 - 70 * MIN, T0 - 10 * MIN, 2)).toEqual({ submitted: 4, notTerminal: 2 });
    expect(await store.reads.countOverdueDecisions(T0 - 14 * MIN, T0 - 10 * MIN, 100)).toEqual({ submitted: 0, notTerminal: 0 });
  });

  withStore('a trace pages by sequence with a cursor', async (store) => {
    const s = await judged(store, 'dec_000000001mmmmmmmmmmmm', 'approved');
    const first = await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: 0, limit: 3 });
    expect([first?.count, first?.total]).toEqual([3, 4]);
    const c = decodeCursor<{ s: number }>(first?.next_cursor as string, { s: 'number' });
    const rest = await store.reads.getTrace({ workspaceId: WS, taskId: s.decision.taskId, afterSeq: c.s, limit: 3 });
    expect(rest?.items.map((e) => e.event_type)).toEqual(['SUPERVISOR_APPROVED']);
    expect(rest?.items[0]).toMatchObject({ supervisor_processed_at: iso(T0 + 2_000), decision_id: s.decision.decisionId, actor: 'tester' });
    expect(rest?.next_cursor).toBeNull();
  });
}
