import { afterEach, expect, it } from 'vitest';
import type { JobQueue, QueuedJob } from '../../src/main/engine/ports/job-queue';
import type { WorkItem } from '../../src/main/engine/ports/records';

/** One queue backend under test: every `open()` stands for another process on the same queue. */
export interface QueueBackend {
  leaseMs: number;
  open(): JobQueue;
  /** Whatever must exist before a job is enqueued (the SQLite queue joins the decision row at claim time). */
  seed(jobs: QueuedJob[]): Promise<void>;
  close(): Promise<void>;
}

interface JobSpec {
  id: string;
  workspaceId?: string;
  priority?: number;
  runAt?: number;
}

export function job({ id, workspaceId = 'ws-a', priority = 0, runAt = Date.now() }: JobSpec): QueuedJob {
  return {
    jobId: `job-${id}`,
    decisionId: `dec-${id}`,
    workspaceId,
    taskId: `task-${id}`,
    priority,
    runAt,
    decisionType: 'payment_fraud_check',
    inputs: { amount: 12.5, currency: 'EUR', customer_id: `cust-${id}`, tags: ['a', 'b'] },
    sourceEventTs: runAt - 5,
    enqueuedAt: runAt,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims until something comes or the deadline passes; returns what came and when. */
async function claimWithin(queue: JobQueue, owner: string, leaseMs: number, withinMs: number): Promise<{ items: WorkItem[]; at: number }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const at = Date.now();
    const items = await queue.claim(owner, 10, leaseMs, at);
    if (items.length > 0 || at > deadline) return { items, at };
    await sleep(20);
  }
}

/**
 * What every JobQueue adapter must do: the worker, the outbox relay and the queue controls rely on these semantics.
 * Time is real (short leases), since BullMQ keeps time on its own clock.
 */
export function jobQueueContract(fresh: () => Promise<QueueBackend>): void {
  let backend: QueueBackend | null = null;
  afterEach(async () => {
    await backend?.close();
    backend = null;
  });
  async function setUp(): Promise<QueueBackend> {
    backend = await fresh();
    return backend;
  }
  async function put(b: QueueBackend, queue: JobQueue, jobs: QueuedJob[]): Promise<void> {
    await b.seed(jobs);
    await queue.enqueue(jobs);
  }

  it('hands out complete work items on the first claim, as attempt 1', async () => {
    const b = await setUp();
    const q = b.open();
    const j = job({ id: 'one' });
    await put(b, q, [j]);
    const items = await q.claim('w-a', 10, b.leaseMs, Date.now());
    expect(items).toEqual([
      {
        jobId: j.jobId,
        attempt: 1,
        decisionId: j.decisionId,
        workspaceId: j.workspaceId,
        taskId: j.taskId,
        decisionType: j.decisionType,
        status: 'queued',
        inputs: j.inputs,
        sourceEventTs: j.sourceEventTs,
        enqueuedAt: j.enqueuedAt,
      },
    ]);
    expect(await q.claim('w-a', 10, b.leaseMs, Date.now())).toEqual([]);
  });

  it("hands the job's traceparent to the worker with the claim, and a retry keeps it", async () => {
    const b = await setUp();
    const q = b.open();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = { ...job({ id: 'traced' }), traceparent };
    const plain = job({ id: 'plain', runAt: traced.runAt - 1 });
    await put(b, q, [traced, plain]);
    const items = await q.claim('w-a', 10, b.leaseMs, Date.now());
    expect(Object.fromEntries(items.map((i) => [i.jobId, i.traceparent ?? null]))).toEqual({ [traced.jobId]: traceparent, [plain.jobId]: null });
    await q.retry(traced.jobId, Date.now(), 'upstream timeout');
    const again = await claimWithin(q, 'w-a', b.leaseMs, 3_000);
    expect(again.items.map((i) => [i.jobId, i.traceparent])).toEqual([[traced.jobId, traceparent]]);
  });

  it('keeps one job when the same job id is enqueued twice, even while it is leased', async () => {
    const b = await setUp();
    const q = b.open();
    const j = job({ id: 'twice' });
    await put(b, q, [j]);
    await q.enqueue([j]);
    const items = await q.claim('w-a', 10, b.leaseMs, Date.now());
    expect(items.map((i) => i.jobId)).toEqual([j.jobId]);
    await q.enqueue([j]);
    expect(await q.claim('w-a', 10, b.leaseMs, Date.now())).toEqual([]);
    expect(await q.counts(null, Date.now())).toMatchObject({ ready: 0, delayed: 0, leased: 1 });
  });

  it('claims the highest priority first, then the oldest', async () => {
    const b = await setUp();
    const q = b.open();
    const t = Date.now();
    await put(b, q, [
      job({ id: 'low-old', priority: 0, runAt: t - 5_000 }),
      job({ id: 'mid-old', priority: 5, runAt: t - 4_000 }),
      job({ id: 'top', priority: 9, runAt: t - 3_000 }),
      job({ id: 'mid-new', priority: 5, runAt: t - 2_000 }),
      job({ id: 'low-new', priority: 0, runAt: t - 1_000 }),
    ]);
    const order: string[] = [];
    for (let i = 0; i < 5; i += 1) order.push(...(await q.claim('w-a', 1, b.leaseMs, Date.now())).map((w) => w.jobId));
    expect(order).toEqual(['job-top', 'job-mid-old', 'job-mid-new', 'job-low-old', 'job-low-new']);
  });

  it('gives a job whose lease expired to another owner, as the next attempt, within two leases', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    await put(b, a, [job({ id: 'lapse' })]);
    const claimedAt = Date.now();
    expect((await a.claim('w-a', 10, b.leaseMs, claimedAt)).map((i) => i.attempt)).toEqual([1]);
    expect(await other.claim('w-b', 10, b.leaseMs, Date.now())).toEqual([]);
    const { items, at } = await claimWithin(other, 'w-b', b.leaseMs, 3 * b.leaseMs);
    expect(items.map((i) => [i.jobId, i.attempt])).toEqual([['job-lapse', 2]]);
    expect(at - claimedAt).toBeGreaterThanOrEqual(b.leaseMs - 20);
    expect(at - claimedAt).toBeLessThanOrEqual(2 * b.leaseMs + 100);
  });

  it('keeps a lease that is heartbeaten past its expiry', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    await put(b, a, [job({ id: 'kept' })]);
    await a.claim('w-a', 10, b.leaseMs, Date.now());
    const timer = setInterval(() => void a.heartbeat('w-a', ['job-kept'], b.leaseMs, Date.now()), b.leaseMs / 3);
    try {
      const { items } = await claimWithin(other, 'w-b', b.leaseMs, 3 * b.leaseMs);
      expect(items).toEqual([]);
    } finally {
      clearInterval(timer);
    }
    await a.ack(['job-kept']);
  });

  it('removes an acked job: it is not handed out again, even after its lease would have run out', async () => {
    const b = await setUp();
    const q = b.open();
    await put(b, q, [job({ id: 'done' }), job({ id: 'open' })]);
    const items = await q.claim('w-a', 10, b.leaseMs, Date.now());
    expect(items).toHaveLength(2);
    await q.ack(['job-done']);
    const { items: again } = await claimWithin(b.open(), 'w-b', b.leaseMs, 3 * b.leaseMs);
    expect(again.map((i) => i.jobId)).toEqual(['job-open']);
    expect(await q.counts(null, Date.now())).toMatchObject({ ready: 0, delayed: 0, dead: 0 });
  });

  it('names as live the jobs that are waiting, delayed or leased, and not those acked, dead or never enqueued', async () => {
    const b = await setUp();
    const q = b.open();
    await put(b, q, ['leased', 'acked', 'dead', 'delayed', 'waiting'].map((id) => job({ id })));
    const claimed = await q.claim('w-a', 4, b.leaseMs, Date.now());
    expect(claimed.map((i) => i.jobId)).toEqual(['job-leased', 'job-acked', 'job-dead', 'job-delayed']);
    await q.ack(['job-acked']);
    await q.deadLetter('job-dead', 'boom', Date.now());
    await q.retry('job-delayed', Date.now() + 60_000, 'later');
    const asked = ['job-leased', 'job-acked', 'job-dead', 'job-delayed', 'job-waiting', 'job-never'];
    expect([...(await q.liveJobs(asked))].sort()).toEqual(['job-delayed', 'job-leased', 'job-waiting']);
  });

  it('brings a retried job back at its runAt, not before, as the next attempt', async () => {
    const b = await setUp();
    const q = b.open();
    await put(b, q, [job({ id: 'again' })]);
    await q.claim('w-a', 10, b.leaseMs, Date.now());
    const runAt = Date.now() + 600;
    await q.retry('job-again', runAt, 'upstream timed out');
    expect(await q.claim('w-a', 10, b.leaseMs, Date.now())).toEqual([]);
    expect(await q.counts(null, Date.now())).toMatchObject({ ready: 0, delayed: 1, leased: 0 });
    const { items, at } = await claimWithin(q, 'w-a', b.leaseMs, 2_000);
    expect(items.map((i) => [i.jobId, i.attempt])).toEqual([['job-again', 2]]);
    expect(at).toBeGreaterThanOrEqual(runAt);
  });

  it('lists a dead-lettered job in its workspace only, and enqueueing its id makes it ready again from attempt 1', async () => {
    const b = await setUp();
    const q = b.open();
    const j = job({ id: 'dead', workspaceId: 'ws-a' });
    await put(b, q, [j, job({ id: 'live', workspaceId: 'ws-b' })]);
    await q.claim('w-a', 10, b.leaseMs, Date.now());
    const before = Date.now();
    await q.deadLetter(j.jobId, 'judging failed: boom', Date.now());
    const expected = { job_id: j.jobId, decision_id: j.decisionId, task_id: j.taskId, attempts: 1, last_error: 'judging failed: boom' };
    const listed = await q.listDead('ws-a', 10);
    expect(listed).toEqual([{ ...expected, failed_at: expect.any(String) }]);
    const failedAt = Date.parse(listed[0]?.failed_at ?? '');
    expect(failedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(failedAt).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await q.getDeadJob('ws-a', j.jobId)).toEqual(listed[0]);
    expect(await q.listDead('ws-b', 10)).toEqual([]);
    expect(await q.getDeadJob('ws-b', j.jobId)).toBeNull();
    expect(await q.getDeadJob('ws-a', 'job-live')).toBeNull();
    expect((await q.counts('ws-a', Date.now())).dead).toBe(1);

    await q.enqueue([j]);
    expect(await q.getDeadJob('ws-a', j.jobId)).toBeNull();
    expect(await q.listDead('ws-a', 10)).toEqual([]);
    const revived = await q.claim('w-a', 10, b.leaseMs, Date.now());
    expect(revived.map((i) => [i.jobId, i.attempt])).toEqual([[j.jobId, 1]]);
  });

  it('two deliveries racing to revive one dead job both succeed and leave one ready job', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    const j = job({ id: 'raced' });
    await put(b, a, [j]);
    await a.claim('w-a', 10, b.leaseMs, Date.now());
    await a.deadLetter(j.jobId, 'boom', Date.now());
    await Promise.all([a.enqueue([j]), other.enqueue([j]), a.enqueue([j])]);
    expect((await a.claim('w-a', 10, b.leaseMs, Date.now())).map((i) => i.jobId)).toEqual([j.jobId]);
    expect(await other.claim('w-b', 10, b.leaseMs, Date.now())).toEqual([]);
  });

  it('hands out nothing while paused, for every process, and resumes where it stopped', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    await a.setPaused(true);
    expect(await other.isPaused()).toBe(true);
    await put(b, a, [job({ id: 'held' })]);
    expect(await a.claim('w-a', 10, b.leaseMs, Date.now())).toEqual([]);
    expect(await other.claim('w-b', 10, b.leaseMs, Date.now())).toEqual([]);
    expect(await a.counts(null, Date.now())).toMatchObject({ ready: 1, leased: 0 });
    await other.setPaused(false);
    expect(await a.isPaused()).toBe(false);
    expect((await a.claim('w-a', 10, b.leaseMs, Date.now())).map((i) => i.jobId)).toEqual(['job-held']);
  });

  it('hands released jobs back at once without counting the attempt; another owner cannot release them', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    await put(b, a, [job({ id: 'back' })]);
    await a.claim('w-a', 10, b.leaseMs, Date.now());
    await a.release('w-z', ['job-back']);
    expect(await other.claim('w-b', 10, b.leaseMs, Date.now())).toEqual([]);
    await a.release('w-a', ['job-back']);
    const items = await other.claim('w-b', 10, b.leaseMs, Date.now());
    expect(items.map((i) => [i.jobId, i.attempt])).toEqual([['job-back', 1]]);
  });

  it('counts jobs by state, with the enqueue time of the oldest ready job', async () => {
    const b = await setUp();
    const q = b.open();
    expect(await q.counts(null, Date.now())).toEqual({ ready: 0, delayed: 0, leased: 0, dead: 0, oldestReadyAt: null });
    const t = Date.now();
    await put(b, q, [
      job({ id: 'c1', runAt: t - 3_000 }),
      job({ id: 'c2', runAt: t - 2_000 }),
      job({ id: 'c3', runAt: t - 1_000 }),
      job({ id: 'c4', runAt: t + 60_000 }),
    ]);
    const items = await q.claim('w-a', 2, b.leaseMs * 20, Date.now());
    expect(items.map((i) => i.jobId)).toEqual(['job-c1', 'job-c2']);
    await q.deadLetter('job-c2', 'boom', Date.now());
    const expected = { ready: 1, delayed: 1, leased: 1, dead: 1, oldestReadyAt: t - 1_000 };
    expect(await q.counts(null, Date.now())).toEqual(expected);
    expect(await q.counts('ws-a', Date.now())).toEqual(expected);
  });

  it('lists the waiting jobs (ready and delayed) of a workspace that match every filter field, oldest enqueued first', async () => {
    const b = await setUp();
    const q = b.open();
    const t = Date.now();
    const other = { ...job({ id: 'other-type', runAt: t - 3_000 }), decisionType: 'agent_tool_call' as const, inputs: { agent_id: 'a-1', tool: 'x' } };
    await put(b, q, [
      job({ id: 'leased', runAt: t - 6_000 }),
      job({ id: 'old', runAt: t - 5_000, priority: 3 }),
      job({ id: 'dead', runAt: t - 4_500 }),
      other,
      job({ id: 'mid', runAt: t - 2_000 }),
      job({ id: 'later', runAt: t + 60_000 }),
      job({ id: 'elsewhere', runAt: t - 1_000, workspaceId: 'ws-b' }),
    ]);
    const claimed = await q.claim('w-a', 3, b.leaseMs * 20, Date.now());
    expect(claimed.map((i) => i.jobId)).toEqual(['job-old', 'job-leased', 'job-dead']);
    await q.deadLetter('job-dead', 'boom', Date.now());
    await put(b, q, [job({ id: 'old2', runAt: t - 5_500, priority: 4 })]);
    const ids = async (filter: Parameters<JobQueue['listWaiting']>[1], limit = 50) => (await q.listWaiting('ws-a', filter, limit)).map((j) => j.jobId);

    const all = await q.listWaiting('ws-a', {}, 50);
    expect(all.map((j) => j.jobId)).toEqual(['job-old2', 'job-other-type', 'job-mid', 'job-later']);
    expect(all[0]?.priority).toBe(4);
    const mid = job({ id: 'mid', runAt: t - 2_000 });
    expect(all[2]).toEqual({ jobId: mid.jobId, priority: 0, decisionId: mid.decisionId, workspaceId: 'ws-a', taskId: mid.taskId, decisionType: mid.decisionType, inputs: mid.inputs, sourceEventTs: mid.sourceEventTs, enqueuedAt: mid.enqueuedAt });
    expect(await ids({ decisionType: 'agent_tool_call' })).toEqual(['job-other-type']);
    expect(await ids({ jobIds: ['job-later', 'job-old', 'job-elsewhere', 'job-dead', 'job-mid', 'job-never'] })).toEqual(['job-mid', 'job-later']);
    expect(await ids({ taskIds: ['task-mid', 'task-later', 'task-elsewhere', 'task-old'] })).toEqual(['job-mid', 'job-later']);
    expect(await ids({ enqueuedBefore: t - 2_000 })).toEqual(['job-old2', 'job-other-type']);
    expect(await ids({ enqueuedAfter: t - 3_000 })).toEqual(['job-mid', 'job-later']);
    expect(await ids({ enqueuedAfter: t - 6_000, enqueuedBefore: t, decisionType: 'payment_fraud_check' })).toEqual(['job-old2', 'job-mid']);
    expect(await ids({}, 2)).toEqual(['job-old2', 'job-other-type']);
    expect(await q.listWaiting('ws-c', {}, 50)).toEqual([]);
  });

  it('removes only the named jobs still waiting in the workspace: a claimed, dead or other workspace\'s job is left alone', async () => {
    const b = await setUp();
    const q = b.open();
    const t = Date.now();
    await put(b, q, [
      job({ id: 'claimed', runAt: t - 4_000 }),
      job({ id: 'dead', runAt: t - 3_500 }),
      job({ id: 'ready', runAt: t - 3_000 }),
      job({ id: 'delayed', runAt: t + 60_000 }),
      job({ id: 'kept', runAt: t - 2_000 }),
      job({ id: 'theirs', runAt: t - 1_000, workspaceId: 'ws-b' }),
    ]);
    expect((await q.claim('w-a', 2, b.leaseMs * 20, Date.now())).map((i) => i.jobId)).toEqual(['job-claimed', 'job-dead']);
    await q.deadLetter('job-dead', 'boom', Date.now());
    const named = ['job-claimed', 'job-dead', 'job-ready', 'job-delayed', 'job-theirs', 'job-never'];
    expect((await q.removeWaiting('ws-a', named)).sort()).toEqual(['job-delayed', 'job-ready']);
    expect(await q.removeWaiting('ws-a', named)).toEqual([]);
    expect([...(await q.liveJobs(named))].sort()).toEqual(['job-claimed', 'job-theirs']);
    expect((await q.listDead('ws-a', 10)).map((d) => d.job_id)).toEqual(['job-dead']);
    expect(await q.counts(null, Date.now())).toMatchObject({ ready: 2, delayed: 0, leased: 1, dead: 1 });
    expect((await b.open().claim('w-b', 10, b.leaseMs, Date.now())).map((i) => i.jobId).sort()).toEqual(['job-kept', 'job-theirs']);
  });

  it('removes only the named jobs still dead in the workspace, and a removed job enqueued again under its id is ready', async () => {
    const b = await setUp();
    const q = b.open();
    const mine = job({ id: 'mine' });
    await put(b, q, [mine, job({ id: 'theirs', workspaceId: 'ws-b' }), job({ id: 'waiting' })]);
    expect((await q.claim('w-a', 2, b.leaseMs * 20, Date.now())).map((i) => i.jobId)).toEqual(['job-mine', 'job-theirs']);
    await q.deadLetter('job-mine', 'boom', Date.now());
    await q.deadLetter('job-theirs', 'boom', Date.now());
    const named = ['job-mine', 'job-theirs', 'job-waiting', 'job-never'];
    expect(await q.removeDead('ws-a', named)).toEqual(['job-mine']);
    expect(await q.removeDead('ws-a', named)).toEqual([]);
    expect(await q.listDead('ws-a', 10)).toEqual([]);
    expect((await q.listDead('ws-b', 10)).map((d) => d.job_id)).toEqual(['job-theirs']);
    expect(await q.counts(null, Date.now())).toMatchObject({ ready: 1, dead: 1 });

    await q.enqueue([mine]);
    expect((await q.claim('w-a', 10, b.leaseMs, Date.now())).map((i) => [i.jobId, i.attempt]).sort()).toEqual([['job-mine', 1], ['job-waiting', 1]]);
  });

  it('counts each job once when two processes remove the same waiting or dead jobs at once', async () => {
    const b = await setUp();
    const a = b.open();
    const other = b.open();
    const ids = Array.from({ length: 8 }, (_, i) => `r${i}`);
    await put(b, a, ids.map((id) => job({ id })));
    const named = ids.map((id) => `job-${id}`);
    const [x, y] = await Promise.all([a.removeWaiting('ws-a', named), other.removeWaiting('ws-a', named)]);
    expect([...x, ...y].sort()).toEqual([...named].sort());
    expect(await a.counts(null, Date.now())).toMatchObject({ ready: 0, delayed: 0 });

    const dead = Array.from({ length: 4 }, (_, i) => job({ id: `d${i}` }));
    await put(b, a, dead);
    expect(await a.claim('w-a', 10, b.leaseMs * 20, Date.now())).toHaveLength(4);
    for (const j of dead) await a.deadLetter(j.jobId, 'boom', Date.now());
    const deadIds = dead.map((j) => j.jobId);
    const [p, q] = await Promise.all([a.removeDead('ws-a', deadIds), other.removeDead('ws-a', deadIds)]);
    expect([...p, ...q].sort()).toEqual([...deadIds].sort());
    expect(await a.listDead('ws-a', 10)).toEqual([]);
  });

  it('never hands the same job to two of three concurrent claimers over 200 jobs', async () => {
    const b = await setUp();
    const first = b.open();
    const t = Date.now();
    await put(b, first, Array.from({ length: 200 }, (_, i) => job({ id: `n${i}`, priority: i % 3, runAt: t - 200 + i })));
    const claimers = [first, b.open(), b.open()];
    const got = await Promise.all(
      claimers.map(async (q, n) => {
        const mine: string[] = [];
        for (;;) {
          const items = await q.claim(`w-${n}`, 10, b.leaseMs * 20, Date.now());
          if (items.length === 0) return mine;
          mine.push(...items.map((i) => i.jobId));
          await q.ack(items.map((i) => i.jobId));
        }
      }),
    );
    const all = got.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    expect(got.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });
}
