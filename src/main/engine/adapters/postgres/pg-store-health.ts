import type { StoreHealth } from '../../ports/audit-store';
import { inTransaction, type PgPool } from './pg-pool';
import { PG_TRACE_SQL } from './pg-decision-reads';

export function pgStoreHealth(pool: PgPool): StoreHealth {
  return {
    async ping() {
      await pool.query('SELECT 1');
    },
    async sizeBytes() {
      const { rows } = await pool.query<{ size: number }>('SELECT pg_database_size(current_database()) AS size');
      return rows[0]?.size ?? 0;
    },
    // Free space inside Postgres' files needs pgstattuple or a full scan: nothing cheap to report.
    freeBytes: async () => null,
    async integrityCheck() {
      // Without data checksums (initdb --data-checksums) Postgres cannot tell a damaged page cheaply; with them,
      // every page read verifies its checksum and pg_stat_database counts the failures.
      const { rows } = await pool.query<{ checksums: string; failures: number | null }>(
        `SELECT current_setting('data_checksums') AS checksums, checksum_failures AS failures
         FROM pg_stat_database WHERE datname = current_database()`,
      );
      const row = rows[0];
      if (!row || row.checksums !== 'on') {
        return { checked: false, ok: true, problems: 0, detail: 'data checksums are off on this Postgres server, so it keeps no cheap record of damaged pages' };
      }
      const failures = Number(row.failures ?? 0);
      return { checked: true, ok: failures === 0, problems: failures, detail: `pg_stat_database: ${failures} checksum failure(s) in pages read since the statistics were reset` };
    },
    async indexNames() {
      const { rows } = await pool.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname");
      return rows.map((r) => r.name);
    },
    async tracePlan() {
      // The planner rightly scans a small table instead: with sequential scans discouraged, the plan shows whether an
      // index can serve the query at all, which is what a missing index breaks.
      const steps = await inTransaction(pool, async (client) => {
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${PG_TRACE_SQL}`, ['task', 0, 'workspace', 200]);
        return rows.map((r) => r['QUERY PLAN']);
      });
      const plan = steps.join('\n');
      const index = /Index (?:Only )?Scan(?: Backward)? using (\S+) on task_audits/.exec(plan)?.[1] ?? null;
      return { index, plan };
    },
  };
}
