import { worst, type Check } from './check';

/** The worker-failure-rate alert's line. */
export const FAILURE_RATE_FAIL = 0.05;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export const failureRate: Check = {
  id: 'failure-rate',
  title: 'Failure rate and dead letters',
  async run({ store, queue, workspaceId, now }) {
    const [types, counts] = await Promise.all([store.decisionTypes(workspaceId, now - FAILURE_WINDOW_MS), queue.counts(null, now)]);
    const failed = types.types.reduce((n, t) => n + (t.by_status.failed ?? 0), 0);
    const rate = types.total > 0 ? failed / types.total : null;
    const percent = rate === null ? null : Math.round(rate * 1000) / 10;
    const status = worst(rate !== null && rate > FAILURE_RATE_FAIL ? 'fail' : 'pass', counts.dead > 0 ? 'warn' : 'pass');
    return {
      status,
      summary: `${failed} of ${types.total} decision(s) judged in the last ${FAILURE_WINDOW_MS / 60_000} minutes failed (${percent === null ? 'no decision' : `${percent} %`}; fail over ${FAILURE_RATE_FAIL * 100} %) and ${counts.dead} job(s) are dead-lettered${counts.dead > 0 ? ' (retry or discard them)' : ''}.`,
      numbers: { failed, judged: types.total, failure_rate_percent: percent, dead_letters: counts.dead },
    };
  },
};
