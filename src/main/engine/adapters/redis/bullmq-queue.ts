import { randomUUID } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobQueue, JobWork, QueueCounts, QueuedJob, WaitingJob, WaitingJobFilter } from '../../ports/job-queue';
import type { WorkItem } from '../../ports/records';
import type { DeadJob } from '../../../../shared/schemas/queue';

/**
 * The job queue on BullMQ, for processes that share one Redis. How the port maps onto BullMQ:
 * - a job is a BullMQ job whose id is our job id and whose data is the work fields of the QueuedJob;
 * - a lease is BullMQ's job lock (its token names the owner); an expired lease is a stalled job, which BullMQ's
 *   stalled check puts back in `wait`; an ack completes the job and removes it;
 * - a retry moves the job to `delayed` until runAt; a dead letter is BullMQ's `failed` set;
 * - the pause is BullMQ's queue pause: one flag for every process;
 * - the attempt of a delivery is BullMQ's `attemptsStarted`, counted when a job becomes active.
 *
 * Limits of this mapping (the SQLite queue does not have them):
 * - `counts` are the whole queue's: BullMQ keeps no per-workspace sets, so the workspace argument is ignored;
 * - `listDead` reads the failed set newest first and filters by workspace, so it reads other workspaces' dead jobs too;
 * - the `now` arguments are ignored: BullMQ's scripts stamp with this process's clock;
 * - a job that comes back from a stalled lease, or a dead job that is revived, goes to BullMQ's `wait` list, which
 *   is served before every prioritized job: it is not ordered by its priority again;
 * - the error of a retry is not kept on the job (BullMQ's `moveToDelayed` takes none): the store keeps it;
 * - `listWaiting` reads the ids of every waiting job and then the data of each, filtering by workspace here;
 * - `removeWaiting` and `removeDead` take the job out of its state with a script of ours (TAKE_IF_IN), then let
 *   BullMQ's remove clear what else it keeps of the job: BullMQ's remove alone refuses a locked (claimed) job but
 *   answers "removed" for a job that is already gone, so two removals at once would both count it.
 */
export interface BullmqQueueOptions {
  /**
   * A worker-role connection (redis-connections.ts), for the worker's side: claims, lease renewals, acks, retries,
   * the stalled check. Those wait out an outage. It stays the caller's: `close()` does not quit it.
   */
  connection: Redis;
  /**
   * An api-role connection, for what a request or the relay waits on (enqueue, counts, pause, dead jobs): those must
   * fail at once while Redis is down (the API answers 503), not hang until it returns. It stays the caller's too.
   */
  apiConnection: Redis;
  /** The key prefix of every key of this queue (`<prefix>:<queueName>:...`). */
  prefix: string;
  queueName: string;
  /** The lease a claim grants; also the pace of the stalled check that recovers expired ones. */
  leaseMs: number;
  /** Errors from BullMQ's background work (the stalled check), which no caller awaits. */
  onError?: (error: Error) => void;
}

export interface BullmqQueue extends JobQueue {
  /** Stops the stalled check and closes the Worker's and Queue's own connections. */
  close(): Promise<void>;
}

type JobData = JobWork;

interface Lease {
  job: Job<JobData>;
  owner: string;
  token: string;
  until: number;
}

const JOB_NAME = 'decision';

/**
 * BullMQ serves priority 1 first and takes 1..2^21; ours serves the higher number first (0..9 today). A job without
 * a BullMQ priority would skip the prioritized set and be served before all of them, so every job gets one.
 */
const PRIORITY_CEILING = 1_000_000;
const toBullPriority = (priority: number) => PRIORITY_CEILING - Math.min(Math.max(Math.trunc(priority), 0), PRIORITY_CEILING - 1);
const fromBullPriority = (bullPriority: number) => (bullPriority > 0 ? PRIORITY_CEILING - bullPriority : 0);

/** BullMQ's states of a job that waits for a worker: ready (wait, paused, prioritized) or delayed. */
const WAITING_TYPES = ['wait', 'paused', 'prioritized', 'delayed'] as const;
const WAITING_STATES = new Set(['waiting', 'paused', 'prioritized', 'delayed']);

/** Job data read per round of `listWaiting`. */
const WAITING_PAGE = 200;

function matches(data: JobData, workspaceId: string, filter: WaitingJobFilter, taskIds: Set<string> | null): boolean {
  return (
    data.workspaceId === workspaceId &&
    (filter.decisionType === undefined || data.decisionType === filter.decisionType) &&
    (taskIds === null || taskIds.has(data.taskId)) &&
    (filter.enqueuedBefore === undefined || data.enqueuedAt < filter.enqueuedBefore) &&
    (filter.enqueuedAfter === undefined || data.enqueuedAt > filter.enqueuedAfter)
  );
}

/**
 * A stalled job counts one stall each time BullMQ recovers it, and BullMQ fails it past `maxStalledCount`. Our worker
 * decides dead letters (from the attempt, after a judging failure), as on SQLite, where an expired lease simply
 * returns the job: a stall (a killed or frozen worker) must never dead-letter a job on its own, so the limit is out
 * of reach.
 */
const NEVER_FAIL_STALLED = 1_000_000;

/**
 * Our uncount for `release`: BullMQ's moveToWait keeps `attemptsStarted` as it is, so a released job would come back
 * one attempt further. This takes the count back while the lock is still ours (nobody else can have started it since).
 */
const UNCOUNT_START = `
if redis.call('GET', KEYS[1] .. ':lock') == ARGV[1] then
  redis.call('HINCRBY', KEYS[1], 'ats', -1)
  return 1
end
return 0`;

/**
 * The enqueue time of the oldest ready job: the two ends of `wait` and `paused`, and the head of each priority level
 * of `prioritized` (its score is priority * 2^32 + an insertion counter, so a level's first member is its oldest).
 * The loop runs once per priority level in use, ten at most for our priorities.
 */
const OLDEST_READY = `
local oldest = nil
local function consider(id)
  if not id then return end
  local t = tonumber(redis.call('HGET', ARGV[1] .. id, 'timestamp'))
  if t and (oldest == nil or t < oldest) then oldest = t end
end
for i = 1, 2 do
  consider(redis.call('LINDEX', KEYS[i], -1))
  consider(redis.call('LINDEX', KEYS[i], 0))
end
local level = 4294967296
local from = '-inf'
while true do
  local head = redis.call('ZRANGEBYSCORE', KEYS[3], from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #head == 0 then break end
  consider(head[1])
  from = string.format('%.0f', (math.floor(tonumber(head[2]) / level) + 1) * level)
end
return oldest`;

/**
 * Takes a job out of the given lists and sorted sets (KEYS[2..]) and deletes its hash (KEYS[1]), in one step, only
 * while it is in one of them and no worker holds its lock: of two removals at once exactly one gets 1, and a worker
 * that claims first keeps the job. ARGV[1] is the job id; ARGV[2] how many of the keys are lists (the first ones).
 */
const TAKE_IF_IN = `
if redis.call('EXISTS', KEYS[1] .. ':lock') == 1 then return 0 end
local lists = tonumber(ARGV[2])
local taken = 0
for i = 2, #KEYS do
  if i - 1 <= lists then
    taken = taken + redis.call('LREM', KEYS[i], 0, ARGV[1])
  else
    taken = taken + redis.call('ZREM', KEYS[i], ARGV[1])
  end
end
if taken == 0 then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

type QueueCommands = {
  dosBullUncountStart(jobKey: string, token: string): Promise<number>;
  dosBullOldestReady(wait: string, paused: string, prioritized: string, jobKeyPrefix: string): Promise<number | null>;
  dosBullTakeIfIn(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>;
};

/** Dead jobs are read from the failed set in pages of this size while filtering by workspace. */
const DEAD_PAGE = 200;

export function createBullmqQueue(options: BullmqQueueOptions): BullmqQueue {
  const { connection, apiConnection, prefix, queueName, leaseMs } = options;
  const onError = options.onError ?? (() => undefined);
  const redis = connection as Redis & Pick<QueueCommands, 'dosBullUncountStart'>;
  if (typeof redis.dosBullUncountStart !== 'function') connection.defineCommand('dosBullUncountStart', { numberOfKeys: 1, lua: UNCOUNT_START });
  const api = apiConnection as Redis & Pick<QueueCommands, 'dosBullOldestReady' | 'dosBullTakeIfIn'>;
  if (typeof api.dosBullOldestReady !== 'function') apiConnection.defineCommand('dosBullOldestReady', { numberOfKeys: 3, lua: OLDEST_READY });
  // The number of keys varies with the states asked for: given with each call.
  if (typeof api.dosBullTakeIfIn !== 'function') apiConnection.defineCommand('dosBullTakeIfIn', { lua: TAKE_IF_IN });

  const queue = new Queue<JobData>(queueName, {
    connection: apiConnection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: false },
  });
  // The Worker only hands out jobs (getNextJob) and runs the stalled check: no processor, no main loop, no lock
  // renewal of its own (BullMQ renews only jobs its main loop processes). The check runs every half lease, so a job
  // whose lock lapsed is back in `wait` within 1.5 leases: marked at one check, recovered at the first after expiry.
  const worker = new Worker<JobData>(queueName, null, {
    connection,
    prefix,
    autorun: false,
    lockDuration: leaseMs,
    stalledInterval: Math.max(50, Math.floor(leaseMs / 2)),
    maxStalledCount: NEVER_FAIL_STALLED,
  });
  queue.on('error', onError);
  worker.on('error', onError);
  void worker.startStalledCheckTimer().catch(onError);

  const keyOf = (jobId: string) => `${prefix}:${queueName}:${jobId}`;
  const leases = new Map<string, Lease>();

  /** After a failed move: if the lock is no longer this lease's, the lease was lost and the job is another's now. */
  async function leaseLost(jobId: string, token: string): Promise<boolean> {
    return (await connection.get(`${keyOf(jobId)}:lock`)) !== token;
  }

  /** Runs a move of a leased job; a lost lease is not an error (at-least-once: whoever holds the job finishes it). */
  async function withLease(jobId: string, move: (lease: Lease) => Promise<unknown>): Promise<void> {
    const lease = leases.get(jobId);
    if (!lease) return;
    leases.delete(jobId);
    try {
      await move(lease);
    } catch (error) {
      if (!(await leaseLost(jobId, lease.token))) throw error;
    }
  }

  /** Forgets leases that ran out long ago (their batch failed and nobody acked): a later move would find no lock. */
  function forgetStaleLeases(now: number): void {
    for (const [id, lease] of leases) if (lease.until + leaseMs < now) leases.delete(id);
  }

  function workItem(job: Job<JobData>): WorkItem {
    const d = job.data;
    return {
      jobId: job.id as string,
      attempt: job.attemptsStarted,
      decisionId: d.decisionId,
      workspaceId: d.workspaceId,
      taskId: d.taskId,
      decisionType: d.decisionType,
      status: 'queued',
      inputs: d.inputs,
      sourceEventTs: d.sourceEventTs,
      enqueuedAt: d.enqueuedAt,
      ...(d.traceparent ? { traceparent: d.traceparent } : {}),
    };
  }

  function workOf(d: JobData): JobWork {
    return {
      decisionId: d.decisionId,
      workspaceId: d.workspaceId,
      taskId: d.taskId,
      decisionType: d.decisionType,
      inputs: d.inputs,
      sourceEventTs: d.sourceEventTs,
      enqueuedAt: d.enqueuedAt,
      ...(d.traceparent ? { traceparent: d.traceparent } : {}),
    };
  }

  function deadJob(job: Job<JobData>): DeadJob {
    return {
      job_id: job.id as string,
      decision_id: job.data.decisionId,
      task_id: job.data.taskId,
      attempts: job.attemptsStarted,
      last_error: job.failedReason ?? null,
      failed_at: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    };
  }

  async function isDead(jobIds: string[]): Promise<boolean[]> {
    const pipeline = apiConnection.pipeline();
    for (const id of jobIds) pipeline.zscore(queue.keys.failed as string, id);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, score]) => {
      if (error) throw error;
      return score !== null;
    });
  }

  /** The jobs of these ids that exist and belong to the workspace, read with their data. */
  async function jobsOf(workspaceId: string, jobIds: string[]): Promise<Job<JobData>[]> {
    const jobs = await Promise.all([...new Set(jobIds)].map((id) => Job.fromId<JobData>(queue, id)));
    return jobs.filter((j): j is Job<JobData> => j !== undefined && j.data?.workspaceId === workspaceId);
  }

  async function waitingOf(jobIds: string[]): Promise<string[]> {
    const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
    return jobIds.filter((_, i) => WAITING_STATES.has(states[i] as string));
  }

  /** Removes those of the jobs that are in one of the states' keys (lists first), as TAKE_IF_IN says; returns their ids. */
  async function removeIf(workspaceId: string, jobIds: string[], lists: string[], sets: string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const job of await jobsOf(workspaceId, jobIds)) {
      const id = job.id as string;
      const keys = [keyOf(id), ...lists, ...sets];
      if ((await api.dosBullTakeIfIn(keys.length, ...keys, id, String(lists.length))) !== 1) continue;
      // The job is ours alone now: BullMQ's remove clears its logs and any other key it keeps of it.
      await queue.remove(id, { removeChildren: false });
      removed.push(id);
    }
    return removed;
  }

  return {
    async listWaiting(workspaceId, filter, limit) {
      const ids = filter.jobIds === undefined ? await queue.getRanges([...WAITING_TYPES], 0, -1, true) : await waitingOf([...new Set(filter.jobIds)]);
      const taskIds = filter.taskIds === undefined ? null : new Set(filter.taskIds);
      const found: WaitingJob[] = [];
      for (let i = 0; i < ids.length; i += WAITING_PAGE) {
        for (const job of await jobsOf(workspaceId, ids.slice(i, i + WAITING_PAGE))) {
          if (matches(job.data, workspaceId, filter, taskIds)) {
            found.push({ jobId: job.id as string, priority: fromBullPriority(job.priority), ...workOf(job.data) });
          }
        }
      }
      // Every match is read before the oldest are kept: BullMQ's lists are in claim order, not enqueue order.
      return found.sort((a, b) => a.enqueuedAt - b.enqueuedAt || (a.jobId < b.jobId ? -1 : 1)).slice(0, limit);
    },

    async removeWaiting(workspaceId, jobIds) {
      const k = queue.keys;
      return removeIf(workspaceId, jobIds, [k.wait as string, k.paused as string], [k.prioritized as string, k.delayed as string]);
    },

    async removeDead(workspaceId, jobIds) {
      return removeIf(workspaceId, jobIds, [], [queue.keys.failed as string]);
    },

    async enqueue(jobs) {
      if (jobs.length === 0) return;
      const now = Date.now();
      // A job id that exists in any state is left as it is by BullMQ's add; one removed on completion is added again.
      await queue.addBulk(
        jobs.map((j: QueuedJob) => ({
          name: JOB_NAME,
          data: {
            decisionId: j.decisionId,
            workspaceId: j.workspaceId,
            taskId: j.taskId,
            decisionType: j.decisionType,
            inputs: j.inputs,
            sourceEventTs: j.sourceEventTs,
            enqueuedAt: j.enqueuedAt,
            ...(j.traceparent ? { traceparent: j.traceparent } : {}),
          },
          opts: {
            jobId: j.jobId,
            priority: toBullPriority(j.priority),
            // Stamped with when it became ready, so the age of the oldest ready job includes the relay's delay.
            timestamp: Math.min(j.runAt, now),
            delay: Math.max(0, j.runAt - now),
          },
        })),
      );
      const dead = await isDead(jobs.map((j) => j.jobId));
      for (const [i, j] of jobs.entries()) {
        if (!dead[i]) continue;
        const job = await Job.fromId<JobData>(queue, j.jobId);
        try {
          await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        } catch (error) {
          // Two deliveries of one outbox row race: the other one revived it first, which is what this one wanted.
          if ((await isDead([j.jobId]))[0]) throw error;
        }
      }
    },

    async claim(owner, max, claimLeaseMs) {
      const now = Date.now();
      forgetStaleLeases(now);
      const token = `${owner}:${randomUUID()}`;
      const first = await worker.getNextJob(token, { block: false });
      if (!first) return [];
      // More jobs are likely once one was there: ask for the rest at once (ioredis pipelines the calls).
      const rest = max > 1 ? await Promise.all(Array.from({ length: max - 1 }, () => worker.getNextJob(token, { block: false }))) : [];
      const jobs = [first, ...rest].filter((j): j is Job<JobData> => j !== undefined);
      const ids = jobs.map((j) => j.id as string);
      if (claimLeaseMs !== leaseMs) await worker.extendJobLocks(ids, ids.map(() => token), claimLeaseMs);
      for (const job of jobs) leases.set(job.id as string, { job, owner, token, until: now + claimLeaseMs });
      return jobs.map(workItem);
    },

    async heartbeat(owner, jobIds, extendMs) {
      const held = jobIds.flatMap((id) => {
        const lease = leases.get(id);
        return lease && lease.owner === owner ? [{ id, lease }] : [];
      });
      if (held.length === 0) return;
      const until = Date.now() + extendMs;
      const lost = new Set(await worker.extendJobLocks(held.map((h) => h.id), held.map((h) => h.lease.token), extendMs));
      for (const { id, lease } of held) {
        if (lost.has(id)) leases.delete(id);
        else lease.until = until;
      }
    },

    async ack(jobIds) {
      // Concurrent calls share the connection's pipeline: one round trip for the batch, not one per job.
      await Promise.all(jobIds.map((id) => withLease(id, ({ job, token }) => job.moveToCompleted(null, token, false))));
    },

    async retry(jobId, runAt) {
      await withLease(jobId, ({ job, token }) => job.moveToDelayed(runAt, token));
    },

    async deadLetter(jobId, error) {
      await withLease(jobId, ({ job, token }) => job.moveToFailed(new Error(error), token, false));
    },

    async release(owner, jobIds) {
      for (const id of jobIds) {
        if (leases.get(id)?.owner !== owner) continue;
        await withLease(id, async ({ job, token }) => {
          await redis.dosBullUncountStart(keyOf(id), token);
          await job.moveToWait(token);
        });
      }
    },

    async setPaused(paused) {
      if (paused) await queue.pause();
      else await queue.resume();
    },

    async counts(): Promise<QueueCounts> {
      const c = await queue.getJobCounts('wait', 'paused', 'prioritized', 'delayed', 'active', 'failed');
      const k = queue.keys;
      const oldest = await api.dosBullOldestReady(k.wait as string, k.paused as string, k.prioritized as string, `${prefix}:${queueName}:`);
      return {
        ready: (c.wait ?? 0) + (c.paused ?? 0) + (c.prioritized ?? 0),
        delayed: c.delayed ?? 0,
        leased: c.active ?? 0,
        dead: c.failed ?? 0,
        oldestReadyAt: oldest === null ? null : Number(oldest),
      };
    },

    async listDead(workspaceId, limit) {
      const found: DeadJob[] = [];
      for (let start = 0; found.length < limit; start += DEAD_PAGE) {
        const page = (await queue.getFailed(start, start + DEAD_PAGE - 1)) as Job<JobData>[];
        for (const job of page) {
          if (job?.data?.workspaceId === workspaceId && found.length < limit) found.push(deadJob(job));
        }
        if (page.length < DEAD_PAGE) break;
      }
      return found;
    },

    async getDeadJob(workspaceId, jobId) {
      const [dead] = await isDead([jobId]);
      if (!dead) return null;
      const job = await Job.fromId<JobData>(queue, jobId);
      return job && job.data.workspaceId === workspaceId ? deadJob(job) : null;
    },

    async isPaused() {
      return queue.isPaused();
    },

    async liveJobs(jobIds) {
      const LIVE = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);
      const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
      return new Set(jobIds.filter((_, i) => LIVE.has(states[i] as string)));
    },

    async close() {
      leases.clear();
      await worker.close();
      await queue.close();
    },
  };
}
