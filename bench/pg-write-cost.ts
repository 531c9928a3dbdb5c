import { createPgPool, type PgPool } from '../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../src/main/engine/adapters/postgres/pg-migrate';
import { createPostgresStore } from '../src/main/engine/adapters/postgres/pg-store';
import { insertAudits } from '../src/main/engine/adapters/postgres/pg-audit-rows';
import type { NewAudit, Outcome, Submission, WorkItem } from '../src/main/engine/ports/records';
import type { AuditEventType } from '../src/shared/schemas/audit';
import { createPostgresDatabaseForTests } from '../test/contract/backends';
import { taskStatusFor } from '../src/main/engine/domain/decision-lifecycle';
import { payment } from './lib';

/** What Postgres costs, measured on a migrated scratch database of the server production mode uses. */
export interface PgWriteCost {
  /** task_audits rows through insertAudits (the statement every decision write uses), one row per transaction. */
  singleRowPerS: number;
  /** The same with 10 connections at once (the pool size of a process): commits share WAL flushes. */
  singleRowPooledPerS: number;
  /** 1,000 rows per transaction. */
  batchedRowsPerS: number;
  /** acceptSubmission, one decision per transaction on one connection: ms per decision. */
  submissionMs: number;
  /** startProcessing + recordOutcomes of a claimed batch (BATCH decisions), one connection: ms per decision. */
  workerWriteMs: number;
}

/** The worker's claim size (DECISIONOS_WORKER_BATCH_SIZE default). */
const BATCH = 256;

/** An audit shaped as the pipeline's: a decision snapshot of about 700 bytes of JSON, as measured on a real run. */
function audit(eventType: AuditEventType, i: number, runId: string, at: number, status: string): NewAudit {
  const p = payment(i, `pgw-task-${i}`);
  return {
    auditId: `aud_${runId}_${eventType}_${i}`,
    taskId: p.task_id,
    decisionId: `dec_${runId}_${i}`,
    eventType,
    actor: 'bench',
    payload: {
      request_id: `req_${runId}_${i}`,
      decision_snapshot: {
        inputs: p.inputs,
        status,
        attempt: 1,
        signals: { amount: p.inputs.amount, risk_score: 0.05, velocity_1m: 1, amount_zscore: 0, baseline_samples: 1, country_mismatch: false },
        task_id: p.task_id,
        timings: { lag_ms: null, enqueued_at: new Date(at).toISOString(), processed_at: null, source_event_ts: new Date(at).toISOString(), processing_started_at: null },
        findings: [],
        risk_score: 0.05,
        decision_id: `dec_${runId}_${i}`,
        policy_hash: null,
        decision_type: p.decision_type,
        policy_version: null,
      },
    },
    createdAt: at,
    sourceEventTs: at,
    supervisorProcessedAt: null,
    decisionType: p.decision_type,
  };
}

function submission(i: number, runId: string, at: number): Submission {
  const p = payment(i, `pgw-task-${i}`);
  const decisionId = `dec_${runId}_${i}`;
  return {
    decision: { decisionId, workspaceId: 'default', taskId: p.task_id, decisionType: p.decision_type, clientRequestId: null, inputs: p.inputs, sourceEventTs: at, enqueuedAt: at },
    idempotency: null,
    audits: [audit('RECEIVED', i, runId, at, 'queued'), audit('ENQUEUED', i, runId, at, 'queued')],
    job: { jobId: decisionId, decisionId, workspaceId: 'default', taskId: p.task_id, priority: 0, runAt: at },
  };
}

function workItem(s: Submission): WorkItem {
  const d = s.decision;
  return { jobId: d.decisionId, attempt: 1, decisionId: d.decisionId, workspaceId: d.workspaceId, taskId: d.taskId, decisionType: d.decisionType, status: 'queued', inputs: d.inputs, sourceEventTs: d.sourceEventTs, enqueuedAt: d.enqueuedAt };
}

function outcome(i: number, runId: string, item: WorkItem, at: number): Outcome {
  return {
    decisionId: item.decisionId,
    taskId: item.taskId,
    decisionType: item.decisionType,
    status: 'approved',
    taskStatus: taskStatusFor('approved'),
    signals: { amount: 42.5, risk_score: 0.05, velocity_1m: 1, amount_zscore: 0, baseline_samples: 1, country_mismatch: false },
    findings: [],
    riskScore: 0.05,
    policyVersion: 1,
    policyHash: 'bench',
    processedAt: at,
    lagMs: 5,
    lastError: null,
    audits: [audit('SIGNALS_COMPUTED', i, runId, at, 'processing'), audit('SUPERVISOR_APPROVED', i, runId, at, 'approved')],
  };
}

async function ratePerS(count: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < count; i += 1) await run(i);
  return count / ((performance.now() - t0) / 1000);
}

async function rawInserts(pool: PgPool) {
  const at = Date.now();
  await pool.query(`INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at)
                    SELECT 'default', 'pgw-task-' || i, 'payment_fraud_check', 'PENDING', now(), now() FROM generate_series(0, 999) i`);
  const row = (i: number, runId: string) => ({ workspaceId: 'default', audit: audit('RECEIVED', i % 1000, runId, at, 'queued') });
  const one = await pool.connect();
  const singleRowPerS = await ratePerS(2_000, (i) => insertAudits(one, [row(i, `s${i}`)]));
  one.release();
  const width = 10;
  const pooled = await ratePerS(1, () => Promise.all(Array.from({ length: width }, (_, w) => (async () => {
    for (let i = 0; i < 500; i += 1) await insertAudits(pool, [row(i, `p${w}_${i}`)]);
  })())));
  const batched = await ratePerS(20, (b) => insertAudits(pool, Array.from({ length: 1_000 }, (_, i) => row(i, `b${b}_${i}`))));
  return { singleRowPerS, singleRowPooledPerS: pooled * width * 500, batchedRowsPerS: batched * 1_000 };
}

async function decisionWrites(pool: PgPool) {
  const store = createPostgresStore(pool);
  const runId = `w${Date.now().toString(36)}`;
  const at = Date.now();
  const count = BATCH * 6;
  const submissions = Array.from({ length: count }, (_, i) => submission(i, runId, at));
  const submitPerS = await ratePerS(count, (i) => store.acceptSubmission(submissions[i] as Submission));
  let writeMs = 0;
  for (let from = 0; from < count; from += BATCH) {
    const items = submissions.slice(from, from + BATCH).map(workItem);
    const starts = new Map(items.map((item, k) => [item.decisionId, audit('PROCESSING_STARTED', from + k, runId, at, 'processing')]));
    const outcomes = items.map((item, k) => outcome(from + k, runId, item, at));
    const t0 = performance.now();
    await store.startProcessing(items, starts);
    await store.recordOutcomes(outcomes);
    writeMs += performance.now() - t0;
  }
  return { submissionMs: 1000 / submitPerS, workerWriteMs: writeMs / count };
}

export async function measurePgWriteCost(): Promise<PgWriteCost> {
  const db = await createPostgresDatabaseForTests();
  if (!db) throw new Error('the production benchmark needs Postgres (TEST_POSTGRES_URL)');
  const pool = createPgPool(db.url, { max: 10 });
  try {
    await migratePostgres(pool);
    return { ...(await rawInserts(pool)), ...(await decisionWrites(pool)) };
  } finally {
    await pool.end();
    await db.drop();
  }
}
