import { against, iso, seconds, worst, type Check } from './check';

/** Runbooks: depth "should stay under 100"; the alert (queue-depth-high) fires over 1,000. */
export const QUEUE_DEPTH_WARN = 100;
export const QUEUE_DEPTH_FAIL = 1_000;
/** A job waiting a minute is late; ten minutes is the queue-oldest-job alert. */
export const OLDEST_JOB_WARN_MS = 60_000;
export const OLDEST_JOB_FAIL_MS = 600_000;

export const queueDepth: Check = {
  id: 'queue-depth',
  title: 'Queue depth and oldest job age',
  async run({ queue, now }) {
    const [counts, paused] = await Promise.all([queue.counts(null, now), queue.isPaused()]);
    const depth = counts.ready + counts.delayed + counts.leased;
    const oldestMs = counts.oldestReadyAt === null ? null : Math.max(0, now - counts.oldestReadyAt);
    const numbers = { depth, ready: counts.ready, delayed: counts.delayed, leased: counts.leased, oldest_job_age_s: oldestMs === null ? null : seconds(oldestMs), paused: paused ? 'yes' : 'no', oldest_ready_at: iso(counts.oldestReadyAt) };
    if (paused && counts.ready > 0) {
      return { status: 'fail', summary: `The queue is paused with ${counts.ready} job(s) ready (oldest ${numbers.oldest_job_age_s} s): nothing is being judged until it is resumed.`, numbers };
    }
    const status = worst(against(depth, QUEUE_DEPTH_WARN, QUEUE_DEPTH_FAIL), against(oldestMs, OLDEST_JOB_WARN_MS, OLDEST_JOB_FAIL_MS));
    const age = oldestMs === null ? 'no job is waiting' : `the oldest ready job has waited ${numbers.oldest_job_age_s} s`;
    return {
      status,
      summary: `${depth} job(s) queued (${counts.ready} ready, ${counts.delayed} delayed, ${counts.leased} leased; warn over ${QUEUE_DEPTH_WARN}, fail over ${QUEUE_DEPTH_FAIL}) and ${age} (warn over ${OLDEST_JOB_WARN_MS / 1000} s, fail over ${OLDEST_JOB_FAIL_MS / 1000} s)${paused ? '; the queue is paused' : ''}.`,
      numbers,
    };
  },
};
