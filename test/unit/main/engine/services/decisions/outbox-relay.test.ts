import { describe, expect, it } from 'vitest';
import type { Outbox, OutboxEntry } from '../../../../../../src/main/engine/ports/outbox';
import type { QueuedJob } from '../../../../../../src/main/engine/ports/job-queue';
import { OutboxRelay } from '../../../../../../src/main/engine/services/decisions/outbox-relay';

const job = (n: number): QueuedJob => ({
  jobId: `d${n}`, decisionId: `d${n}`, workspaceId: 'w', taskId: `t${n}`, priority: 0, runAt: 0,
  decisionType: 'payment_fraud_check', inputs: {}, sourceEventTs: null, enqueuedAt: 0,
});

/** An outbox in memory with the port's rule: a row leaves only when its delivery resolved. */
function memoryOutbox(rows: OutboxEntry[]): Outbox & { rows: OutboxEntry[] } {
  return {
    rows,
    async relayOutbox(limit, deliver) {
      const taken = rows.slice(0, limit);
      if (taken.length === 0) return 0;
      await deliver(taken);
      rows.splice(0, taken.length);
      return taken.length;
    },
    async outboxBacklog() {
      return { count: rows.length, oldestAt: rows[0]?.createdAt ?? null };
    },
  };
}

const quiet = { warn: () => undefined };

describe('OutboxRelay', () => {
  it('moves every committed job onto the queue in batches and leaves the outbox empty', async () => {
    const outbox = memoryOutbox(Array.from({ length: 7 }, (_, i) => ({ outboxId: i, job: job(i), createdAt: i })));
    const enqueued: string[] = [];
    const relay = new OutboxRelay(outbox, { enqueue: async (jobs) => void enqueued.push(...jobs.map((j) => j.jobId)) }, quiet, { batch: 3, idleMs: 10, errorBackoffMs: 10 });
    expect(await relay.relayOnce()).toBe(3);
    const stop = relay.start();
    await expect.poll(() => outbox.rows.length).toBe(0);
    await stop();
    expect(enqueued).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    expect(relay.status).toEqual({ delivered: 7, lastError: null });
  });

  it('keeps the jobs in the outbox while the queue is down, reports why, and delivers them once it is back', async () => {
    const outbox = memoryOutbox([{ outboxId: 1, job: job(1), createdAt: 1 }]);
    let down = true;
    const enqueued: string[] = [];
    const warnings: string[] = [];
    const relay = new OutboxRelay(
      outbox,
      { enqueue: async (jobs) => { if (down) throw new Error('Redis is unreachable'); enqueued.push(...jobs.map((j) => j.jobId)); } },
      { warn: (_o, msg) => void warnings.push(msg) },
      { batch: 10, idleMs: 5, errorBackoffMs: 5 },
    );
    const stop = relay.start();
    await expect.poll(() => relay.status.lastError).toBe('Redis is unreachable');
    expect(outbox.rows).toHaveLength(1);
    down = false;
    await expect.poll(() => enqueued).toEqual(['d1']);
    await stop();
    expect(relay.status.lastError).toBeNull();
    expect(warnings).toHaveLength(1); // the same failure is logged once, not every retry
  });

  it('wakes on notify instead of waiting out its idle time', async () => {
    const outbox = memoryOutbox([]);
    const enqueued: string[] = [];
    const relay = new OutboxRelay(outbox, { enqueue: async (jobs) => void enqueued.push(...jobs.map((j) => j.jobId)) }, quiet, { batch: 10, idleMs: 60_000, errorBackoffMs: 10 });
    const stop = relay.start();
    await new Promise((r) => setTimeout(r, 20));
    outbox.rows.push({ outboxId: 9, job: job(9), createdAt: 9 });
    relay.notify();
    await expect.poll(() => enqueued, { timeout: 1_000 }).toEqual(['d9']);
    await stop();
  });
});
