import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';
import { createPgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { pgDecisionWrites } from '../../src/main/engine/adapters/postgres/pg-decision-writes';
import type { PgDecisionStoreOptions } from '../../src/main/engine/adapters/postgres/pg-store-options';
import { pgDecisionReads } from '../../src/main/engine/adapters/postgres/pg-decision-reads';
import { pgOutbox } from '../../src/main/engine/adapters/postgres/pg-outbox';
import { inRetriedTransaction } from '../../src/main/engine/adapters/postgres/pg-transaction';
import type { OutboxEntry } from '../../src/main/engine/ports/outbox';
import type { Submission } from '../../src/main/engine/ports/records';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';
import { decisionStoreContract, type DecisionStoreBackend } from './decision-store.contract';

function sqliteBackend(): DecisionStoreBackend {
  const db: Db = openDatabase(':memory:');
  const store = createSqliteStore(db, ':memory:');
  return {
    writes: store,
    reads: store,
    async pendingJobs() {
      const rows = db.prepare(`SELECT job_id, decision_id, workspace_id, task_id FROM supervisor_inbox WHERE status = 'ready' ORDER BY created_at, job_id`).all() as {
        job_id: string; decision_id: string; workspace_id: string; task_id: string;
      }[];
      return rows.map((r) => ({ jobId: r.job_id, decisionId: r.decision_id, workspaceId: r.workspace_id, taskId: r.task_id }));
    },
    // The embedded queue is the inbox table: the others are acked (deleted), this one is dead.
    async deadLetter(decisionId) {
      const jobId = db.prepare(`UPDATE supervisor_inbox SET status = 'dead' WHERE decision_id = ? RETURNING job_id`).pluck().get(decisionId) as string;
      db.prepare(`DELETE FROM supervisor_inbox WHERE status = 'ready'`).run();
      return jobId;
    },
    async loseJobs() {
      db.prepare('DELETE FROM supervisor_inbox').run();
    },
    async addWorkspace(workspaceId) {
      db.prepare(`INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES (?, ?, 'k', ?, '[]', '2026-01-01 00:00:00.000')`).run(
        `key_${workspaceId}`, workspaceId, `hash_${workspaceId}`,
      );
    },
    close: () => store.close(),
  };
}

describe('decision store contract: SQLite', () => {
  decisionStoreContract(async () => sqliteBackend());
});

/** Each Postgres case gets a database of its own: a schema migrated from empty. */
async function postgresBackend(options: PgDecisionStoreOptions = { orphanAfterMs: 0 }) {
  const db = (await createPostgresDatabaseForTests()) as TestDatabase;
  const pool = createPgPool(db.url, { max: 12 });
  await migratePostgres(pool);
  const outbox = pgOutbox(pool);
  // The relay hands rows to a queue; delivering into nothing is "the queue took them".
  const drain = async () => {
    while ((await outbox.relayOutbox(100, async () => undefined)) > 0);
  };
  const backend: DecisionStoreBackend = {
    writes: pgDecisionWrites(pool, options),
    reads: pgDecisionReads(pool, options),
    async pendingJobs() {
      const { rows } = await pool.query<{ job: OutboxEntry['job'] }>('SELECT job FROM supervisor_inbox ORDER BY outbox_id');
      return rows.map((r) => r.job);
    },
    // Every job the outbox sends carries its decision id as job id: that is the id of the dead job too.
    async deadLetter(decisionId) {
      await drain();
      return decisionId;
    },
    loseJobs: drain,
    async addWorkspace(workspaceId) {
      await pool.query(`INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES ($1, $2, 'k', $3, '[]', now())`, [
        `key_${workspaceId}`, workspaceId, `hash_${workspaceId}`,
      ]);
    },
    async close() {
      await pool.end();
      await db.drop();
    },
  };
  return { backend, pool, outbox };
}

const probe = await createPostgresDatabaseForTests();
await probe?.drop();

describe.skipIf(probe === null)('decision store contract: Postgres', () => {
  decisionStoreContract(async () => (await postgresBackend()).backend);
});

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0, 0);

function submission(decisionId: string, at = T0): Submission {
  const taskId = `task_${decisionId}`;
  return {
    decision: { decisionId, workspaceId: 'ws', taskId, decisionType: 'agent_tool_call', clientRequestId: null, inputs: { agent_id: 'a1', tool: 't' }, sourceEventTs: at, enqueuedAt: at },
    idempotency: null,
    audits: [],
    job: { jobId: `job_${decisionId}`, decisionId, workspaceId: 'ws', taskId, priority: 4, runAt: at + 5 },
  };
}

describe.skipIf(probe === null)('Postgres decision store: outbox and concurrency', () => {
  let pg: Awaited<ReturnType<typeof postgresBackend>>;
  beforeAll(async () => {
    pg = await postgresBackend({});
  });
  afterAll(async () => {
    await pg?.backend.close();
  });

  it('commits the outbox row with its decision: the job is the QueuedJob under the decision id', async () => {
    await pg.backend.writes.acceptSubmission(submission('dec_000000001oooooooooooo'));
    const { rows } = await pg.pool.query('SELECT job_id, decision_id, status, job, created_at FROM supervisor_inbox');
    expect(rows).toEqual([
      {
        job_id: 'dec_000000001oooooooooooo',
        decision_id: 'dec_000000001oooooooooooo',
        status: 'pending',
        created_at: T0,
        job: {
          jobId: 'dec_000000001oooooooooooo',
          decisionId: 'dec_000000001oooooooooooo',
          workspaceId: 'ws',
          taskId: 'task_dec_000000001oooooooooooo',
          priority: 4,
          runAt: T0 + 5,
          decisionType: 'agent_tool_call',
          inputs: { agent_id: 'a1', tool: 't' },
          sourceEventTs: T0,
          enqueuedAt: T0,
        },
      },
    ]);
    // A submission that fails half-way leaves neither its decision nor its job.
    await expect(pg.backend.writes.acceptSubmission(submission('dec_000000001oooooooooooo', T0 + 1))).rejects.toThrow();
    expect(await pg.outbox.outboxBacklog()).toEqual({ count: 1, oldestAt: T0 });
  });

  it("keeps the submission's traceparent on the outbox job, so the worker's spans join the decision's trace", async () => {
    await pg.pool.query('DELETE FROM supervisor_inbox');
    const traced = submission('dec_000000001tttttttttttt');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await pg.backend.writes.acceptSubmission({ ...traced, job: { ...traced.job, traceparent } });
    await pg.backend.writes.acceptSubmission(submission('dec_000000002tttttttttttt', T0 + 1));
    const delivered: OutboxEntry[] = [];
    await pg.outbox.relayOutbox(10, async (entries) => void delivered.push(...entries));
    expect(delivered.map((e) => e.job.traceparent)).toEqual([traceparent, undefined]);
  });

  it('relays oldest first and deletes what was delivered; a throwing delivery leaves the rows for the next run', async () => {
    await pg.pool.query('DELETE FROM supervisor_inbox');
    for (let i = 2; i <= 6; i += 1) await pg.backend.writes.acceptSubmission(submission(`dec_00000000${i}oooooooooooo`, T0 + i));
    await expect(pg.outbox.relayOutbox(2, async () => {
      throw new Error('redis down');
    })).rejects.toThrow('redis down');
    expect((await pg.outbox.outboxBacklog()).count).toBe(5);

    const delivered: string[] = [];
    expect(await pg.outbox.relayOutbox(2, async (entries) => void delivered.push(...entries.map((e) => e.job.jobId)))).toBe(2);
    expect(delivered).toEqual(['dec_000000002oooooooooooo', 'dec_000000003oooooooooooo']);
    expect(await pg.outbox.outboxBacklog()).toEqual({ count: 3, oldestAt: T0 + 4 });
    expect(await pg.outbox.relayOutbox(10, async (entries) => void delivered.push(...entries.map((e) => e.job.jobId)))).toBe(3);
    expect(await pg.outbox.outboxBacklog()).toEqual({ count: 0, oldestAt: null });
    expect(await pg.outbox.relayOutbox(10, async () => undefined)).toBe(0);
  });

  it('two relays at once never deliver the same row, and together deliver every row', async () => {
    for (let i = 0; i < 40; i += 1) await pg.backend.writes.acceptSubmission(submission(`dec_0000001${String(i).padStart(2, '0')}pppppppppppp`, T0 + i));
    const seen: string[] = [];
    const relay = async () => {
      const deliver = async (entries: OutboxEntry[]) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // hold the lock while the other relays run
        seen.push(...entries.map((e) => e.job.jobId));
      };
      while ((await pg.outbox.relayOutbox(5, deliver)) > 0);
    };
    await Promise.all([relay(), relay(), relay()]);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
  });

  it('outcomes of several writers adding to the same minute rows all count', async () => {
    const subs = Array.from({ length: 40 }, (_, i) => submission(`dec_0000002${String(i).padStart(2, '0')}qqqqqqqqqqqq`));
    for (const s of subs) await pg.backend.writes.acceptSubmission(s);
    const outcomeOf = (s: Submission, i: number) => ({
      decisionId: s.decision.decisionId,
      taskId: s.decision.taskId,
      decisionType: s.decision.decisionType,
      status: 'approved' as const,
      taskStatus: 'RUNNING' as const,
      signals: {},
      findings: [],
      riskScore: 0,
      policyVersion: 1,
      policyHash: 'h',
      processedAt: T0 + 30_000,
      lagMs: i,
      lastError: null,
      audits: [],
    });
    // Batches in opposite orders, as two worker processes would write them.
    const batches = [0, 1, 2, 3].map((b) => subs.slice(b * 10, b * 10 + 10).map((s, i) => outcomeOf(s, b * 10 + i)));
    const written = await Promise.all(batches.map((batch, b) => pg.backend.writes.recordOutcomes(b % 2 ? [...batch].reverse() : batch)));
    expect(written.flat()).toHaveLength(40);
    const types = await pg.backend.reads.decisionTypes('ws', T0);
    expect(types.total).toBe(40);
    const lag = await pg.backend.reads.lagHistogram('ws', T0);
    expect([lag.count, lag.sum, lag.max]).toEqual([40, (39 * 40) / 2, 39]);
    expect(Object.values(lag.buckets).reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('an open decision is no orphan until it has been unchanged for the window (the queue may hold its job)', async () => {
    await pg.pool.query(`INSERT INTO api_keys (key_id, workspace_id, name, secret_hash, scopes, created_at) VALUES ('k', 'ws', 'k', 'h', '[]', now())`);
    const recent = submission('dec_000000300rrrrrrrrrrrr', Date.now());
    await pg.backend.writes.acceptSubmission(recent);
    while ((await pg.outbox.relayOutbox(100, async () => undefined)) > 0);
    const found = (await pg.backend.reads.findOrphanedDecisions(100)).map((o) => o.decisionId);
    expect(found).not.toContain('dec_000000300rrrrrrrrrrrr');
    // The open decisions submitted at T0 (long ago) with their jobs relayed are orphans.
    expect(found).toContain('dec_000000002oooooooooooo');
  });

  it('a transaction aborted for a deadlock or serialization failure runs again; other errors are thrown at once', async () => {
    const failing = (code: string, times: number) => {
      let calls = 0;
      const work = async () => {
        calls += 1;
        if (calls <= times) throw Object.assign(new Error(`aborted ${code}`), { code });
        return calls;
      };
      return { work, calls: () => calls };
    };
    expect(await inRetriedTransaction(pg.pool, failing('40P01', 2).work)).toBe(3);
    expect(await inRetriedTransaction(pg.pool, failing('40001', 1).work)).toBe(2);
    const unique = failing('23505', 1);
    await expect(inRetriedTransaction(pg.pool, unique.work)).rejects.toThrow('aborted 23505');
    expect(unique.calls()).toBe(1);
    await expect(inRetriedTransaction(pg.pool, failing('40P01', 99).work)).rejects.toThrow('aborted 40P01');
  });
});
