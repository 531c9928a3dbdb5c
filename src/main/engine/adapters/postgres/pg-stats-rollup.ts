import type { DecisionTypes } from '../../../../shared/schemas/stats';
import { emptyHistogram, merge, type LagHistogram } from '../../domain/lag-histogram';
import { decisionTypesFromCounts, minuteOf, type MinuteStats } from '../../domain/decision-stats';
import type { PgQueryable } from './pg-transaction';

/**
 * Adds a batch's per-minute counts to `decision_stats_minute`. The sums happen in the upsert itself (counts, sum,
 * max and each bucket of the lag histogram), under the row lock ON CONFLICT takes, so two processes adding to the
 * same minute row both count. Rows go in sorted by key: concurrent batches lock shared rows in the same order.
 */
export async function addMinuteStats(db: PgQueryable, stats: MinuteStats[]): Promise<void> {
  if (stats.length === 0) return;
  const rows = [...stats].sort((a, b) => compareKeys(a, b));
  await db.query(
    `INSERT INTO decision_stats_minute AS s (workspace_id, minute, decision_type, status, count, lag_histogram)
     SELECT ws, minute, type, status, n, lag::jsonb
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS v(ws, minute, type, status, n, lag)
     ON CONFLICT (workspace_id, minute, decision_type, status) DO UPDATE SET
       count = s.count + excluded.count,
       lag_histogram = jsonb_build_object(
         'count', (s.lag_histogram->>'count')::numeric + (excluded.lag_histogram->>'count')::numeric,
         'sum', (s.lag_histogram->>'sum')::numeric + (excluded.lag_histogram->>'sum')::numeric,
         'max', greatest((s.lag_histogram->>'max')::numeric, (excluded.lag_histogram->>'max')::numeric),
         'buckets', (
           SELECT coalesce(jsonb_object_agg(bucket, total), '{}'::jsonb)
           FROM (SELECT bucket, sum(n::numeric) AS total
                 FROM (SELECT * FROM jsonb_each_text(s.lag_histogram->'buckets')
                       UNION ALL SELECT * FROM jsonb_each_text(excluded.lag_histogram->'buckets')) AS b(bucket, n)
                 GROUP BY bucket) AS per_bucket))`,
    [
      rows.map((r) => r.workspaceId),
      rows.map((r) => r.minute),
      rows.map((r) => r.decisionType),
      rows.map((r) => r.status),
      rows.map((r) => r.count),
      rows.map((r) => JSON.stringify(r.lag)),
    ],
  );
}

function compareKeys(a: MinuteStats, b: MinuteStats): number {
  const ka = [a.workspaceId, a.minute, a.decisionType, a.status];
  const kb = [b.workspaceId, b.minute, b.decisionType, b.status];
  for (let i = 0; i < ka.length; i += 1) {
    if ((ka[i] as string | number) < (kb[i] as string | number)) return -1;
    if ((ka[i] as string | number) > (kb[i] as string | number)) return 1;
  }
  return 0;
}

/** The reads of the rollup: the stats endpoints sum at most one row per minute of the window. */
export function pgStatsRollupReads(db: PgQueryable) {
  return {
    async lagHistogram(workspaceId: string, since: number): Promise<LagHistogram> {
      const { rows } = await db.query<{ lag_histogram: LagHistogram }>(
        'SELECT lag_histogram FROM decision_stats_minute WHERE workspace_id = $1 AND minute >= $2',
        [workspaceId, minuteOf(since)],
      );
      const total = emptyHistogram();
      for (const row of rows) merge(total, row.lag_histogram);
      return total;
    },

    async decisionTypes(workspaceId: string, since: number): Promise<Omit<DecisionTypes, 'window'>> {
      const { rows } = await db.query<{ decision_type: string; status: string; n: number }>(
        `SELECT decision_type, status, sum(count)::bigint AS n FROM decision_stats_minute
         WHERE workspace_id = $1 AND minute >= $2
         GROUP BY decision_type, status ORDER BY decision_type COLLATE "C", status COLLATE "C"`,
        [workspaceId, minuteOf(since)],
      );
      return decisionTypesFromCounts(rows);
    },
  };
}
