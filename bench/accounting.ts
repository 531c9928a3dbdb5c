import type pg from 'pg';
import type { Redis } from 'ioredis';
import { callsBetween, commandCalls } from './redis-server';
import { cpuByGroup, machineCpu } from './process-cpu';

/** Where a cluster's counters are read: its database, its (private) Redis and the pids of its processes. */
export interface Probe {
  db: pg.Client;
  redis: Redis;
  pids: { api: number[]; workers: number[]; redis: number[] };
}

interface Snapshot {
  at: number;
  xacts: number;
  inserted: number;
  updated: number;
  deleted: number;
  walBytes: number;
  redisCalls: Map<string, number>;
  cpu: Record<string, number>;
  machine: { busy: number; total: number };
  benchCpu: number;
}

/** What one decision cost between two snapshots, and how busy the machine was meanwhile. */
export interface Cost {
  seconds: number;
  decisions: number;
  pg: { xacts: number; inserted: number; updated: number; deleted: number; walBytes: number };
  redis: { calls: number; top: [string, number][] };
  /** CPU milliseconds per decision of each group of processes. */
  cpuMs: Record<string, number>;
  /** Share of the whole machine's CPU (all cores) that was busy. */
  machineBusy: number;
}

// Postgres publishes a backend's counters up to a second after its transaction ends: wait that long before reading.
const STATS_SETTLE_MS = 1_100;

/** CPU and Redis counters are read at once; Postgres's after the settle wait (it publishes them late). */
export async function snapshot(probe: Probe): Promise<Snapshot> {
  const at = performance.now();
  const machine = machineCpu();
  const usage = process.cpuUsage();
  const redisCalls = await commandCalls(probe.redis);
  const backends = await probe.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  const cpu = cpuByGroup({ ...probe.pids, postgres: backends.rows.map((b) => b.pid) });
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  await probe.db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await probe.db.query<{ xact_commit: string; tup_inserted: string; tup_updated: string; tup_deleted: string; wal: string }>(
    `SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const row = rows[0] as { xact_commit: string; tup_inserted: string; tup_updated: string; tup_deleted: string; wal: string };
  return {
    at,
    xacts: Number(row.xact_commit),
    inserted: Number(row.tup_inserted),
    updated: Number(row.tup_updated),
    deleted: Number(row.tup_deleted),
    walBytes: Number(row.wal),
    redisCalls,
    cpu,
    machine,
    benchCpu: (usage.user + usage.system) / 1e6,
  };
}

/**
 * The cost of `decisions` decisions between two snapshots taken right before and right after them. The Postgres
 * counters also hold the readings' own queries and the idle relays' polls during one settle wait (a few dozen).
 */
export function costBetween(a: Snapshot, b: Snapshot, decisions: number): Cost {
  const per = (x: number) => x / decisions;
  const calls = callsBetween(a.redisCalls, b.redisCalls);
  const cpuMs: Record<string, number> = {};
  for (const name of Object.keys(b.cpu)) cpuMs[name] = (per((b.cpu[name] as number) - (a.cpu[name] ?? 0))) * 1000;
  cpuMs.bench = per(b.benchCpu - a.benchCpu) * 1000;
  return {
    seconds: (b.at - a.at) / 1000,
    decisions,
    pg: { xacts: per(b.xacts - a.xacts), inserted: per(b.inserted - a.inserted), updated: per(b.updated - a.updated), deleted: per(b.deleted - a.deleted), walBytes: per(b.walBytes - a.walBytes) },
    redis: { calls: per(calls.reduce((s, [, n]) => s + n, 0)), top: calls.slice(0, 6).map(([name, n]) => [name, per(n)]) },
    cpuMs,
    machineBusy: (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total),
  };
}
