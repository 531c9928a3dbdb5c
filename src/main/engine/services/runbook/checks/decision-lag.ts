import { histogramPercentile } from '../../../domain/lag-histogram';
import { against, worst, type Check } from './check';

/** Runbook "Decision Lag (p95)": warning over 1 s, critical over 5 s, over a 5-minute window. */
export const LAG_P95_WARN_MS = 1_000;
export const LAG_P95_FAIL_MS = 5_000;
/** One decision in a hundred waiting past the p95's critical line is a warning; twice that line fails. */
export const LAG_P99_WARN_MS = 5_000;
export const LAG_P99_FAIL_MS = 10_000;
export const LAG_WINDOW_MS = 5 * 60_000;

export const decisionLag: Check = {
  id: 'decision-lag',
  title: 'Decision lag p95 and p99',
  async run({ store, workspaceId, now }) {
    const h = await store.lagHistogram(workspaceId, now - LAG_WINDOW_MS);
    const p95 = histogramPercentile(h, 95);
    const p99 = histogramPercentile(h, 99);
    const numbers = { decisions: h.count, p95_ms: p95, p99_ms: p99, max_ms: h.max };
    if (h.count === 0) return { status: 'pass', summary: 'No decision was judged in the last 5 minutes in this workspace, so there is no lag to measure.', numbers };
    return {
      status: worst(against(p95, LAG_P95_WARN_MS, LAG_P95_FAIL_MS), against(p99, LAG_P99_WARN_MS, LAG_P99_FAIL_MS)),
      summary: `Over the last 5 minutes ${h.count} decision(s) took p95 ${p95} ms (warn over ${LAG_P95_WARN_MS}, fail over ${LAG_P95_FAIL_MS}) and p99 ${p99} ms (warn over ${LAG_P99_WARN_MS}, fail over ${LAG_P99_FAIL_MS}) from event to verdict.`,
      numbers,
    };
  },
};
