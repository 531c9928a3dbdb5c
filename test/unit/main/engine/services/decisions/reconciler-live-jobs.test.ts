import { describe, expect, it } from 'vitest';
import { Reconciler } from '../../../../../../src/main/engine/services/decisions/reconciler';
import type { AuditStore, OrphanedDecision } from '../../../../../../src/main/engine/ports/audit-store';
import type { JobQueue } from '../../../../../../src/main/engine/ports/job-queue';
import type { PipelineEvents } from '../../../../../../src/main/engine/services/decisions/pipeline-events';

const candidate = (id: string, queuedAs: string | null): OrphanedDecision => ({
  workspaceId: 'w', decisionId: id, taskId: `t-${id}`, decisionType: 'payment_fraud_check', status: 'queued', queuedAs,
});

describe('Reconciler with a store that cannot see the queue', () => {
  it('asks the queue first and requeues only the candidates whose job is not live', async () => {
    const requeued: string[] = [];
    const asked: string[][] = [];
    const store = {
      findOrphanedDecisions: async () => [candidate('d-live', 'd-live'), candidate('d-lost', 'd-lost'), candidate('d-seen', null)],
      requeueOrphan: async (o: OrphanedDecision) => (requeued.push(o.decisionId), true),
    } as unknown as AuditStore;
    const queue = { liveJobs: async (ids: string[]) => (asked.push(ids), new Set(['d-live'])) } as unknown as JobQueue;
    const events = { reconciled: () => undefined } as unknown as PipelineEvents;
    const reconciler = new Reconciler({ store, queue, clock: { now: () => 0 }, events }, { warn: () => undefined, error: () => undefined }, () => undefined);
    expect(await reconciler.run()).toBe(2);
    expect(asked).toEqual([['d-live', 'd-lost']]); // null: the store saw for itself that no job is live
    expect(requeued).toEqual(['d-lost', 'd-seen']);
  });
});
