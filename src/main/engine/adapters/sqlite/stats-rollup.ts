import type { Db } from './database';
import type { Outcome } from '../../ports/records';
import type { DecisionTypes } from '../../../../shared/schemas/stats';
import { emptyHistogram, merge, observe, type LagHistogram } from '../../domain/lag-histogram';

const MINUTE = 60_000;

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
      const groups = new Map<string, { key: [string, number, string, string]; count: number; lag: LagHistogram }>();
      return {
        add(workspaceId: string, o: Outcome) {
          const minute = Math.floor(o.processedAt / MINUTE);
          const id = `${workspaceId}|${minute}|${o.decisionType}|${o.status}`;
          let g = groups.get(id);
          if (!g) {
            g = { key: [workspaceId, minute, o.decisionType, o.status], count: 0, lag: emptyHistogram() };
            groups.set(id, g);
          }
          g.count += 1;
          if (o.lagMs !== null) observe(g.lag, o.lagMs);
        },
        write() {
          for (const g of groups.values()) {
            const row = get.get(...g.key) as { count: number; lag_histogram: string } | undefined;
            const lag = row ? merge(JSON.parse(row.lag_histogram) as LagHistogram, g.lag) : g.lag;
            put.run(...g.key, (row?.count ?? 0) + g.count, JSON.stringify(lag));
          }
        },
      };
    },

    lagHistogram(workspaceId: string, since: number): LagHistogram {
      const total = emptyHistogram();
      for (const text of histograms.all(workspaceId, Math.floor(since / MINUTE)) as string[]) merge(total, JSON.parse(text));
      return total;
    },

    decisionTypes(workspaceId: string, since: number): Omit<DecisionTypes, 'window'> {
      const byType = new Map<string, { decision_type: string; total: number; by_status: Record<string, number> }>();
      let total = 0;
      for (const row of types.all(workspaceId, Math.floor(since / MINUTE)) as { decision_type: string; status: string; n: number }[]) {
        const entry = byType.get(row.decision_type) ?? { decision_type: row.decision_type, total: 0, by_status: {} };
        entry.by_status[row.status] = row.n;
        entry.total += row.n;
        total += row.n;
        byType.set(row.decision_type, entry);
      }
      return { total, types: [...byType.values()].sort((a, b) => b.total - a.total) };
    },
  };
}
