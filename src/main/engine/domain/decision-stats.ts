import type { DecisionType } from '../../../shared/schemas/decision';
import type { DecisionTypes } from '../../../shared/schemas/stats';
import { emptyHistogram, observe, type LagHistogram } from './lag-histogram';

const MINUTE = 60_000;

/** The per-minute rollup row an instant falls in. */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE);

/** One row of `decision_stats_minute`: what one batch adds to it. */
export interface MinuteStats {
  workspaceId: string;
  minute: number;
  decisionType: string;
  status: string;
  count: number;
  lag: LagHistogram;
}

/** Groups a batch of verdicts by their rollup row, so each row is written once per batch. */
export function minuteStatsCollector() {
  const groups = new Map<string, MinuteStats>();
  return {
    add(workspaceId: string, o: { processedAt: number; decisionType: DecisionType; status: string; lagMs: number | null }) {
      const minute = minuteOf(o.processedAt);
      const id = `${workspaceId}|${minute}|${o.decisionType}|${o.status}`;
      let g = groups.get(id);
      if (!g) {
        g = { workspaceId, minute, decisionType: o.decisionType, status: o.status, count: 0, lag: emptyHistogram() };
        groups.set(id, g);
      }
      g.count += 1;
      if (o.lagMs !== null) observe(g.lag, o.lagMs);
    },
    rows(): MinuteStats[] {
      return [...groups.values()];
    },
  };
}

/** The decision-types breakdown from summed rollup counts, largest type first. */
export function decisionTypesFromCounts(rows: Iterable<{ decision_type: string; status: string; n: number }>): Omit<DecisionTypes, 'window'> {
  const byType = new Map<string, { decision_type: string; total: number; by_status: Record<string, number> }>();
  let total = 0;
  for (const row of rows) {
    const entry = byType.get(row.decision_type) ?? { decision_type: row.decision_type, total: 0, by_status: {} };
    entry.by_status[row.status] = row.n;
    entry.total += row.n;
    total += row.n;
    byType.set(row.decision_type, entry);
  }
  return { total, types: [...byType.values()].sort((a, b) => b.total - a.total) };
}
