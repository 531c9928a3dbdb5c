import type { CheckContext } from '../../../../../../../src/main/engine/services/runbook/checks/check';
import type { AuditStore } from '../../../../../../../src/main/engine/ports/audit-store';
import type { JobQueue, QueueCounts } from '../../../../../../../src/main/engine/ports/job-queue';
import { emptyHistogram } from '../../../../../../../src/main/engine/domain/lag-histogram';

export const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

export const counts = (over: Partial<QueueCounts> = {}): QueueCounts => ({ ready: 0, delayed: 0, leased: 0, dead: 0, oldestReadyAt: null, ...over });

/** A healthy engine's sources, each replaceable: the store and queue answer only what the checks ask. */
export function context(over: { store?: Partial<AuditStore>; queue?: Partial<JobQueue> } & Partial<Omit<CheckContext, 'store' | 'queue'>> = {}): CheckContext {
  const { store, queue, ...rest } = over;
  return {
    store: {
      decisionTypes: async () => ({ total: 0, types: [] }),
      lagHistogram: async () => emptyHistogram(),
      countWorkspaceBacklog: async () => ({ needsReview: 0, oldestNeedsReviewAt: null, blockedTasks: 0 }),
      blockedTasks: async () => ({ blocked_tasks: 0, reasons: [] }),
      findOrphanedDecisions: async () => [],
      listKeys: async () => [],
      ping: async () => undefined,
      sizeBytes: async () => 2 * 1_048_576,
      freeBytes: async () => 0,
      integrityCheck: async () => ({ checked: true, ok: true, problems: 0, detail: 'PRAGMA quick_check: ok' }),
      indexNames: async () => [],
      tracePlan: async () => ({ index: 'idx_task_audits_task_id', plan: 'SEARCH task_audits USING INDEX idx_task_audits_task_id (task_id=?)' }),
      ...store,
    } as AuditStore,
    queue: { counts: async () => counts(), isPaused: async () => false, liveJobs: async () => new Set(), ...queue } as JobQueue,
    clock: { now: () => NOW },
    mode: 'embedded',
    workers: { list: async () => [{ owner: 'w1', host: 'h', pid: 1, concurrency: 2, startedAt: NOW - 60_000, lastBeatAt: NOW }] },
    breakers: async () => ({ items: [] }),
    alerting: () => ({ lastSampleAt: NOW - 5_000, lastEvaluationAt: NOW - 5_000, leading: true, lastError: null, stepMs: 10_000, rules: 10 }),
    deliveries: () => null,
    notificationsMuted: async () => null,
    backendReadiness: async () => ({}),
    dataDir: '/data',
    diskSpace: async () => ({ freeBytes: 50 * 1_073_741_824, totalBytes: 100 * 1_073_741_824 }),
    backups: { dir: { path: '/data/backups', list: async () => [] }, everyMs: null },
    workspaceId: 'ws',
    now: NOW,
    ...rest,
  };
}
