import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-store';
import { createSqliteQueue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-queue';
import { createMemorySignalHistory } from '../../../../../../src/main/engine/adapters/memory-signal-history';
import { SignalEngine } from '../../../../../../src/main/engine/domain/signals';
import { PolicyCache, ensureDefaultPolicy } from '../../../../../../src/main/engine/services/decisions/policies';
import { submitDecision } from '../../../../../../src/main/engine/services/decisions/submit';
import { Worker } from '../../../../../../src/main/engine/services/decisions/worker';
import type { ServiceDeps } from '../../../../../../src/main/engine/services/deps';
import type { PipelineEvents } from '../../../../../../src/main/engine/services/decisions/pipeline-events';
import type { Caller } from '../../../../../../src/main/engine/ports/records';
import { samplePayment } from '../../../../../fixtures/engine';
import { NO_TRACING } from '../../../../../../src/main/engine/adapters/otel/no-tracing';

const events: PipelineEvents = {
  enqueued: () => undefined, dequeued: () => undefined, decided: () => undefined, outcomesWritten: () => undefined, retried: () => undefined,
  deadLettered: () => undefined, reconciled: () => undefined, breakerTransition: () => undefined, integrationCall: () => undefined,
};

describe('worker while the store is down', () => {
  it('hands a batch the store refused back to the queue without spending an attempt, and judges it once the store answers', async () => {
    const db = openDatabase(':memory:');
    const real = createSqliteStore(db, ':memory:');
    let refusals = 3;
    const store = {
      ...real,
      async startProcessing(...args: Parameters<typeof real.startProcessing>) {
        if (refusals > 0) {
          refusals -= 1;
          throw new Error('Connection terminated unexpectedly');
        }
        return real.startProcessing(...args);
      },
    };
    const queue = createSqliteQueue(db);
    const clock = { now: () => Date.now() };
    const settings = {
      idempotencyTtlMs: 86_400_000, maxAttempts: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5, leaseMs: 60_000, batchSize: 10,
      concurrency: 1, pollIntervalMs: 2, allowedActions: [], outboundMaxResponseBytes: 65_536, maxSignalsBytes: 16_384,
    };
    const deps: ServiceDeps = { store, queue, clock, events, settings, tracing: NO_TRACING };
    await ensureDefaultPolicy(store, clock, 'ws');
    const caller: Caller = { keyId: 'k', workspaceId: 'ws', name: 'tester', scopes: ['submit'] };
    const { decision: view } = await submitDecision(deps, caller, { ...samplePayment(), task_id: 'task-outage' });
    const worker = new Worker(deps, new PolicyCache(store, clock), new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()), 'w-1', { error: () => undefined, warn: () => undefined });
    worker.start();
    // Three refusals with maxAttempts 2: had each counted an attempt, the decision would have been failed and buried.
    await expect.poll(async () => (await real.getDecision('ws', view.decision_id))?.status, { timeout: 5_000 }).toBe('approved');
    await worker.stop();
    expect(refusals).toBe(0);
    expect((await real.getDecision('ws', view.decision_id))?.attempts).toBe(1);
    expect((await queue.counts(null, Date.now())).dead).toBe(0);
  });
});
