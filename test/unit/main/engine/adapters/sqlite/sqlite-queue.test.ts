import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-store';
import { createSqliteQueue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-queue';
import type { SqliteStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-store';
import type { Submission } from '../../../../../../src/main/engine/ports/records';

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0, 0);
const LEASE = 30_000;

let db: Db;
let store: SqliteStore;
let queue: ReturnType<typeof createSqliteQueue>;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = createSqliteStore(db, ':memory:');
  queue = createSqliteQueue(db);
});
afterEach(async () => {
  await store.close();
});

interface JobSpec {
  id: string;
  priority?: number;
  runAt?: number;
  workspaceId?: string;
}

/** A submission as services/submit.ts builds it, minus the audits: task + queued decision + inbox job. */
function submission({ id, priority = 0, runAt = T0, workspaceId = 'default' }: JobSpec): Submission {
  const decisionId = `dec-${id}`;
  const taskId = `task-${id}`;
  return {
    decision: {
      decisionId,
      workspaceId,
      taskId,
      decisionType: 'payment_fraud_check',
      clientRequestId: null,
      inputs: { amount: 10, currency: 'EUR', customer_id: `cust-${id}` },
      sourceEventTs: runAt,
      enqueuedAt: runAt,
    },
    idempotency: null,
    audits: [],
    job: { jobId: `job-${id}`, decisionId, workspaceId, taskId, priority, runAt },
  };
}

async function enqueue(...specs: JobSpec[]): Promise<void> {
  for (const spec of specs) expect(await store.acceptSubmission(submission(spec))).toEqual({ kind: 'created' });
}

interface InboxRow {
  status: string;
  attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
}
const inbox = (jobId: string) => db.prepare('SELECT * FROM supervisor_inbox WHERE job_id = ?').get(jobId) as InboxRow | undefined;

describe('SQLite queue: claim', () => {
  it('leases jobs highest priority first, then oldest run_at first, and counts the attempt', async () => {
    await enqueue(
      { id: 'low-old', priority: 0, runAt: T0 - 3_000 },
      { id: 'high-new', priority: 5, runAt: T0 - 1_000 },
      { id: 'low-new', priority: 0, runAt: T0 - 1_000 },
      { id: 'high-old', priority: 5, runAt: T0 - 2_000 },
    );
    const items = await queue.claim('w1', 10, LEASE, T0);
    expect(items.map((i) => i.jobId)).toEqual(['job-high-old', 'job-high-new', 'job-low-old', 'job-low-new']);
    expect(items.every((i) => i.attempt === 1)).toBe(true);
    const first = items[0];
    expect(first).toMatchObject({
      decisionId: 'dec-high-old',
      taskId: 'task-high-old',
      workspaceId: 'default',
      decisionType: 'payment_fraud_check',
      status: 'queued',
      inputs: { amount: 10, currency: 'EUR', customer_id: 'cust-high-old' },
      sourceEventTs: T0 - 2_000,
      enqueuedAt: T0 - 2_000,
    });
    expect(inbox('job-high-old')).toMatchObject({ status: 'leased', attempts: 1, lease_owner: 'w1', lease_until: T0 + LEASE });
  });

  it('claims at most `max` jobs, taking the first ones in order', async () => {
    await enqueue({ id: 'a', runAt: T0 - 3 }, { id: 'b', runAt: T0 - 2 }, { id: 'c', runAt: T0 - 1 });
    expect((await queue.claim('w1', 2, LEASE, T0)).map((i) => i.jobId)).toEqual(['job-a', 'job-b']);
    expect((await queue.claim('w1', 2, LEASE, T0)).map((i) => i.jobId)).toEqual(['job-c']);
  });

  it('does not claim a job whose run_at is still in the future', async () => {
    await enqueue({ id: 'later', runAt: T0 + 5_000 });
    expect(await queue.claim('w1', 10, LEASE, T0)).toEqual([]);
    expect((await queue.claim('w1', 10, LEASE, T0 + 5_000)).map((i) => i.jobId)).toEqual(['job-later']);
  });

  it('does not hand a claimed job out again while its lease holds, even at the last lease millisecond', async () => {
    await enqueue({ id: 'held' });
    expect(await queue.claim('w1', 10, LEASE, T0)).toHaveLength(1);
    expect(await queue.claim('w2', 10, LEASE, T0 + 1)).toEqual([]);
    expect(await queue.claim('w2', 10, LEASE, T0 + LEASE)).toEqual([]);
    expect(inbox('job-held')).toMatchObject({ lease_owner: 'w1', attempts: 1 });
  });

  it('returns a job whose lease expired to the next claimer, counting a second attempt', async () => {
    await enqueue({ id: 'expires' });
    await queue.claim('w1', 10, LEASE, T0);
    const again = await queue.claim('w2', 10, LEASE, T0 + LEASE + 1);
    expect(again.map((i) => [i.jobId, i.attempt])).toEqual([['job-expires', 2]]);
    expect(inbox('job-expires')).toMatchObject({ status: 'leased', lease_owner: 'w2', lease_until: T0 + 2 * LEASE + 1 });
  });

  it('heartbeat extends the owner’s lease so the job is not reclaimed at the old expiry', async () => {
    await enqueue({ id: 'beat' });
    await queue.claim('w1', 10, LEASE, T0);
    await queue.heartbeat('w1', ['job-beat'], LEASE, T0 + 20_000);
    expect(await queue.claim('w2', 10, LEASE, T0 + LEASE + 1)).toEqual([]);
    // Another owner's heartbeat does not extend it.
    await queue.heartbeat('w2', ['job-beat'], LEASE * 10, T0 + 20_000);
    expect(inbox('job-beat')?.lease_until).toBe(T0 + 20_000 + LEASE);
  });
});

describe('SQLite queue: ack, retry, dead letter', () => {
  it('ack removes the job from the inbox', async () => {
    await enqueue({ id: 'done' }, { id: 'other' });
    await queue.claim('w1', 10, LEASE, T0);
    await queue.ack(['job-done']);
    expect(inbox('job-done')).toBeUndefined();
    expect(inbox('job-other')).toBeDefined();
    // The other claimed job is still leased; the acked one is in no count.
    expect(await queue.counts(null, T0)).toEqual({ ready: 0, delayed: 0, leased: 1, dead: 0, oldestReadyAt: null });
  });

  it('retry reschedules the job to runAt: not claimable before, claimable at runAt, keeping last_error and the attempt count', async () => {
    await enqueue({ id: 'flaky' });
    await queue.claim('w1', 10, LEASE, T0);
    const runAt = T0 + 60_000;
    await queue.retry('job-flaky', runAt, 'integration timed out');
    expect(inbox('job-flaky')).toMatchObject({ status: 'ready', run_at: runAt, lease_owner: null, last_error: 'integration timed out', attempts: 1 });
    expect(await queue.counts('default', T0)).toMatchObject({ ready: 0, delayed: 1, leased: 0 });
    expect(await queue.claim('w1', 10, LEASE, runAt - 1)).toEqual([]);
    const again = await queue.claim('w1', 10, LEASE, runAt);
    expect(again.map((i) => [i.jobId, i.attempt])).toEqual([['job-flaky', 2]]);
    expect(inbox('job-flaky')?.last_error).toBe('integration timed out');
  });

  it('deadLetter moves the job to dead: counted as dead, listed with its last error, never claimed', async () => {
    await enqueue({ id: 'doomed' });
    await queue.claim('w1', 10, LEASE, T0);
    await queue.deadLetter('job-doomed', 'policy exploded', T0 + 1_000);
    const counts = await queue.counts('default', T0 + 1_000);
    expect(counts).toEqual({ ready: 0, delayed: 0, leased: 0, dead: 1, oldestReadyAt: null });
    const dead = await queue.listDead('default', 10);
    expect(dead).toEqual([
      {
        job_id: 'job-doomed',
        decision_id: 'dec-doomed',
        task_id: 'task-doomed',
        attempts: 1,
        last_error: 'policy exploded',
        failed_at: new Date(T0 + 1_000).toISOString(),
      },
    ]);
    expect(await queue.claim('w1', 10, LEASE, T0 + 100 * LEASE)).toEqual([]);
  });

  /** What the worker leaves after the last attempt: the decision `failed`, its job dead-lettered. */
  async function failAndBury(id: string, workspaceId = 'default') {
    await queue.claim('w1', 10, LEASE, T0);
    await store.recordOutcomes([{
      decisionId: `dec-${id}`, taskId: `task-${id}`, decisionType: 'payment_fraud_check', status: 'failed', taskStatus: 'FAILED',
      signals: null, findings: [], riskScore: null, policyVersion: null, policyHash: null, processedAt: T0 + 1, lagMs: null,
      lastError: 'boom', audits: [],
    }]);
    await queue.deadLetter(`job-${id}`, 'boom', T0 + 1);
    expect((await store.getDecision(workspaceId, `dec-${id}`))?.status).toBe('failed');
  }
  const retryAudit = (id: string, at: number) => ({
    auditId: `aud-retry-${id}`, taskId: `task-${id}`, decisionId: `dec-${id}`, eventType: 'RUNBOOK_ACTION' as const, actor: 'ops',
    payload: {}, createdAt: at, sourceEventTs: null, supervisorProcessedAt: null, reasonCode: null, lagMs: null, decisionType: null,
  });

  it('requeueDecision puts the failed decision and its dead job back in one step: queued, ready, fresh attempt count', async () => {
    await enqueue({ id: 'revive' });
    await failAndBury('revive');
    expect(await queue.getDeadJob('default', 'job-revive')).toMatchObject({ decision_id: 'dec-revive', task_id: 'task-revive' });
    const at = T0 + 5_000;
    await store.requeueDecision('default', 'dec-revive', 'job-revive', retryAudit('revive', at));
    expect(inbox('job-revive')).toMatchObject({ status: 'ready', attempts: 0, run_at: at, last_error: null });
    expect((await store.getDecision('default', 'dec-revive'))?.status).toBe('queued');
    expect(await queue.counts('default', at)).toMatchObject({ ready: 1, dead: 0, oldestReadyAt: at });
    expect((await queue.claim('w1', 10, LEASE, at)).map((i) => [i.jobId, i.attempt])).toEqual([['job-revive', 1]]);
  });

  it('getDeadJob and requeueDecision do not see another workspace\'s dead job, and leave it dead', async () => {
    await enqueue({ id: 'theirs', workspaceId: 'ws-b' });
    await failAndBury('theirs', 'ws-b');
    expect(await queue.getDeadJob('default', 'job-theirs')).toBeNull();
    await expect(store.requeueDecision('default', 'dec-theirs', 'job-theirs', retryAudit('theirs', T0 + 2))).rejects.toMatchObject({ code: 'not_found' });
    expect(inbox('job-theirs')?.status).toBe('dead');
    expect((await store.getDecision('ws-b', 'dec-theirs'))?.status).toBe('failed');
  });

  it('requeueDecision changes nothing when the job is not dead, or the decision is not failed', async () => {
    await enqueue({ id: 'alive' });
    expect(await queue.getDeadJob('default', 'job-alive')).toBeNull();
    await expect(store.requeueDecision('default', 'dec-alive', 'job-alive', retryAudit('alive', T0))).rejects.toMatchObject({ code: 'invalid_state' });
    expect(inbox('job-alive')?.status).toBe('ready');
    await enqueue({ id: 'failed-alive' });
    await queue.claim('w1', 10, LEASE, T0);
    await store.recordOutcomes([{
      decisionId: 'dec-failed-alive', taskId: 'task-failed-alive', decisionType: 'payment_fraud_check', status: 'failed', taskStatus: 'FAILED',
      signals: null, findings: [], riskScore: null, policyVersion: null, policyHash: null, processedAt: T0 + 1, lagMs: null, lastError: 'boom', audits: [],
    }]);
    await expect(store.requeueDecision('default', 'dec-failed-alive', 'job-failed-alive', retryAudit('failed-alive', T0 + 2))).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.getDecision('default', 'dec-failed-alive'))?.status).toBe('failed');
  });
});

describe('SQLite queue: release and lease recovery', () => {
  it('release gives a leased job back as ready without counting the attempt', async () => {
    await enqueue({ id: 'handback' });
    await queue.claim('w1', 10, LEASE, T0);
    expect(inbox('job-handback')?.attempts).toBe(1);
    await queue.release('w1', ['job-handback']);
    expect(inbox('job-handback')).toMatchObject({ status: 'ready', attempts: 0, lease_owner: null, lease_until: null });
    const again = await queue.claim('w2', 10, LEASE, T0 + 1);
    expect(again.map((i) => [i.jobId, i.attempt])).toEqual([['job-handback', 1]]);
  });

  it('release by another owner does not touch the lease', async () => {
    await enqueue({ id: 'mine' });
    await queue.claim('w1', 10, LEASE, T0);
    await queue.release('w2', ['job-mine']);
    expect(inbox('job-mine')).toMatchObject({ status: 'leased', lease_owner: 'w1', attempts: 1 });
  });

  it('recoverLeases returns the leases of other owners to ready and keeps the caller’s own', async () => {
    await enqueue({ id: 'a', runAt: T0 - 2 }, { id: 'b', runAt: T0 - 1 }, { id: 'c', runAt: T0 });
    await queue.claim('old-process', 2, LEASE, T0);
    await queue.claim('me', 1, LEASE, T0);
    expect(inbox('job-a')?.lease_owner).toBe('old-process');
    expect(inbox('job-c')?.lease_owner).toBe('me');

    expect(await queue.recoverLeases('me')).toBe(2);
    expect(inbox('job-a')).toMatchObject({ status: 'ready', lease_owner: null });
    expect(inbox('job-b')).toMatchObject({ status: 'ready', lease_owner: null });
    expect(inbox('job-c')).toMatchObject({ status: 'leased', lease_owner: 'me' });
    // The recovered jobs are claimable at once, before their old lease would have run out.
    expect((await queue.claim('me', 10, LEASE, T0 + 1)).map((i) => i.jobId)).toEqual(['job-a', 'job-b']);
  });
});

describe('SQLite queue: pause and counts', () => {
  it('setPaused(true) makes claim return nothing while counts keep working; setPaused(false) resumes', async () => {
    await enqueue({ id: 'waiting' });
    await queue.setPaused(true);
    expect(await queue.isPaused()).toBe(true);
    expect(await queue.claim('w1', 10, LEASE, T0)).toEqual([]);
    expect(await queue.counts('default', T0)).toEqual({ ready: 1, delayed: 0, leased: 0, dead: 0, oldestReadyAt: T0 });
    expect(inbox('job-waiting')).toMatchObject({ status: 'ready', attempts: 0 });
    await queue.setPaused(false);
    expect(await queue.isPaused()).toBe(false);
    expect((await queue.claim('w1', 10, LEASE, T0)).map((i) => i.jobId)).toEqual(['job-waiting']);
  });

  it('counts filters by workspace, and null counts every workspace', async () => {
    await enqueue(
      { id: 'a1', workspaceId: 'ws-a', runAt: T0 - 10 },
      { id: 'a2', workspaceId: 'ws-a', runAt: T0 + 10_000 },
      { id: 'b1', workspaceId: 'ws-b', runAt: T0 - 20 },
      { id: 'b2', workspaceId: 'ws-b', runAt: T0 - 5 },
    );
    expect(await queue.counts('ws-a', T0)).toEqual({ ready: 1, delayed: 1, leased: 0, dead: 0, oldestReadyAt: T0 - 10 });
    expect(await queue.counts('ws-b', T0)).toEqual({ ready: 2, delayed: 0, leased: 0, dead: 0, oldestReadyAt: T0 - 20 });
    expect(await queue.counts('ws-none', T0)).toEqual({ ready: 0, delayed: 0, leased: 0, dead: 0, oldestReadyAt: null });
    expect(await queue.counts(null, T0)).toEqual({ ready: 3, delayed: 1, leased: 0, dead: 0, oldestReadyAt: T0 - 20 });

    await queue.claim('w1', 1, LEASE, T0); // takes b1, the oldest ready job
    expect(await queue.counts('ws-b', T0)).toMatchObject({ ready: 1, leased: 1, oldestReadyAt: T0 - 5 });
    expect(await queue.counts('ws-a', T0)).toMatchObject({ ready: 1, leased: 0 });
  });

  it('listDead shows only the asked workspace’s dead jobs', async () => {
    await enqueue({ id: 'mine' }, { id: 'yours', workspaceId: 'ws-b' });
    await queue.claim('w1', 10, LEASE, T0);
    await queue.deadLetter('job-mine', 'e1', T0 + 1);
    await queue.deadLetter('job-yours', 'e2', T0 + 2);
    expect((await queue.listDead('default', 10)).map((d) => d.job_id)).toEqual(['job-mine']);
    expect((await queue.listDead('ws-b', 10)).map((d) => d.job_id)).toEqual(['job-yours']);
  });
});
