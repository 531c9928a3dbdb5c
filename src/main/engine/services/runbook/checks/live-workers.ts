import type { Check } from './check';

/** Decisions judged since this long ago count as throughput (the stats keep minutes: up to two minutes are read). */
export const THROUGHPUT_WINDOW_MS = 60_000;

export const liveWorkers: Check = {
  id: 'live-workers',
  title: 'Live workers and throughput',
  async run({ workers, queue, store, workspaceId, now }) {
    const [live, counts, judged] = await Promise.all([workers.list(), queue.counts(null, now), store.decisionTypes(workspaceId, now - THROUGHPUT_WINDOW_MS)]);
    const loops = live.reduce((n, w) => n + w.concurrency, 0);
    const waiting = counts.ready + counts.delayed + counts.leased;
    const numbers = { live_workers: live.length, worker_loops: loops, judged_last_minute: judged.total, queued: waiting };
    if (live.length === 0) {
      return waiting > 0
        ? { status: 'fail', summary: `No live worker process while ${waiting} job(s) wait: nothing judges them (${judged.total} judged in the last minute).`, numbers }
        : { status: 'warn', summary: 'No live worker process: the queue is empty now, but a new submission would wait until a worker starts.', numbers };
    }
    return {
      status: 'pass',
      summary: `${live.length} live worker process(es) with ${loops} loop(s) (${live.map((w) => `${w.host}:${w.pid}`).join(', ')}); ${judged.total} decision(s) judged in the last minute in this workspace, ${waiting} job(s) queued.`,
      numbers,
    };
  },
};
