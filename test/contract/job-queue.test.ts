import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Db } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteQueue } from '../../src/main/engine/adapters/sqlite/sqlite-queue';
import { toSqlTime } from '../../src/main/engine/adapters/sqlite/sql-time';
import { connectRedis, whenReady } from '../../src/main/engine/adapters/redis/redis-connections';
import { createBullmqQueue, type BullmqQueue } from '../../src/main/engine/adapters/redis/bullmq-queue';
import type { QueuedJob } from '../../src/main/engine/ports/job-queue';
import { tempDataDir } from '../fixtures/engine';
import { REDIS_URL, connectRedisForTests, dropNamespace } from './backends';
import { jobQueueContract } from './job-queue.contract';

const LEASE_MS = 400;

/** The SQLite queue reads the decision at claim time: the task and the queued decision go in first, as a submission writes them. */
function seedDecisions(db: Db, jobs: QueuedJob[]): void {
  const task = db.prepare(`
    INSERT OR IGNORE INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at)
    VALUES (?, ?, ?, 'RUNNING', ?, ?)`);
  const decision = db.prepare(`
    INSERT OR IGNORE INTO decisions (decision_id, workspace_id, task_id, decision_type, status, inputs, source_event_ts,
                                     enqueued_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const j of jobs) {
      const at = toSqlTime(j.enqueuedAt);
      task.run(j.workspaceId, j.taskId, j.decisionType, at, at);
      decision.run(j.decisionId, j.workspaceId, j.taskId, j.decisionType, JSON.stringify(j.inputs), j.sourceEventTs === null ? null : toSqlTime(j.sourceEventTs), at, at, at);
    }
  })();
}

describe('JobQueue contract: SQLite', () => {
  jobQueueContract(async () => {
    const file = path.join(tempDataDir('dos-queue-contract-'), 'queue.sqlite');
    const dbs: Db[] = [];
    const connect = () => {
      const db = openDatabase(file);
      dbs.push(db);
      return db;
    };
    const seeder = connect();
    return {
      leaseMs: LEASE_MS,
      // Each connection to the one file stands for another process.
      open: () => createSqliteQueue(connect()),
      async seed(jobs) {
        seedDecisions(seeder, jobs);
      },
      async close() {
        for (const db of dbs) db.close();
      },
    };
  });
});

const probe = await connectRedisForTests();

describe.skipIf(probe === null)('JobQueue contract: BullMQ', () => {
  const connection = connectRedis(REDIS_URL, 'worker');
  const apiConnection = connectRedis(REDIS_URL, 'api');
  beforeAll(() => whenReady(apiConnection));
  afterAll(async () => {
    await connection.quit();
    await apiConnection.quit();
    probe?.disconnect();
  });
  jobQueueContract(async () => {
    const prefix = `dos-test-${randomUUID()}`;
    const opened: BullmqQueue[] = [];
    return {
      leaseMs: LEASE_MS,
      open() {
        const queue = createBullmqQueue({ connection, apiConnection, prefix, queueName: 'decisions', leaseMs: LEASE_MS });
        opened.push(queue);
        return queue;
      },
      async seed() {},
      async close() {
        for (const q of opened) await q.close();
        if (probe) await dropNamespace(probe, prefix);
      },
    };
  });
});
