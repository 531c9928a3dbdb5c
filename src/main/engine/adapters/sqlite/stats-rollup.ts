import type { Db } from './database';
import type { Outcome } from '../../ports/records';
import type { DecisionTypes } from '../../../../shared/schemas/stats';
import { emptyHistogram, merge, type LagHistogram } from '../../domain/lag-histogram';
import { decisionTypesFromCounts, minuteOf, minuteStatsCollector } from '../../domain/decision-stats';

/** Reads and writes `decision_stats_minute`. Writes happen inside the outcome transaction. */
export function sqliteStatsRollup(db: Db) {
  const get = db.prepare(`
    SELECT count, lag_histogram FROM decision_stats_minute
    WHERE workspace_id = ? AND minute = ? AND decision_type = ? AND status = ?`);
  const put = db.prepare(`
    INSERT INTO decision_stats_minute (workspace_id, minute, decision_type, status, count, lag_histogram)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (workspace_id, minute, decision_type, status) DO UPDATE SET
      count = excluded.count, lag_histogram = excluded.lag_histogram`);
  const histograms = db.prepare('SELECT lag_histogram FROM decision_stats_minute WHERE workspace_id = ? AND minute >= ?').pluck();
  const types = db.prepare(`
    SELECT decision_type, status, SUM(count) AS n FROM decision_stats_minute
    WHERE workspace_id = ? AND minute >= ? GROUP BY decision_type, status`);

  return {
    /** Collects a batch's outcomes in memory; `write` folds them into their minute rows. */
    batch() {
      const groups = minuteStatsCollector();
      return {
        add(workspaceId: string, o: Outcome) {
          groups.add(workspaceId, o);
        },
        write() {
          for (const g of groups.rows()) {
            const key = [g.workspaceId, g.minute, g.decisionType, g.status];
            const row = get.get(...key) as { count: number; lag_histogram: string } | undefined;
            const lag = row ? merge(JSON.parse(row.lag_histogram) as LagHistogram, g.lag) : g.lag;
            put.run(...key, (row?.count ?? 0) + g.count, JSON.stringify(lag));
          }
        },
      };
    },

    lagHistogram(workspaceId: string, since: number): LagHistogram {
      const total = emptyHistogram();
      for (const text of histograms.all(workspaceId, minuteOf(since)) as string[]) merge(total, JSON.parse(text));
      return total;
    },

    decisionTypes(workspaceId: string, since: number): Omit<DecisionTypes, 'window'> {
      return decisionTypesFromCounts(types.all(workspaceId, minuteOf(since)) as { decision_type: string; status: string; n: number }[]);
    },
  };
}
