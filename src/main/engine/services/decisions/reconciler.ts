import type { ServiceDeps } from '../deps';
import type { OrphanedDecision } from '../../ports/audit-store';
import { auditEvent } from '../audit-events';
import { newId } from '../ids';

const ACTOR = 'reconciler';
/** Orphans repaired per run: a flood of them is worked off over several runs instead of one long write burst. */
const PER_RUN = 1_000;

export interface ReconcilerStatus {
  lastRunAt: number | null;
  /** Decisions put back on the queue by the last run. */
  lastRequeued: number;
  /** Since this process started. */
  totalRequeued: number;
  lastError: string | null;
}

export interface ReconcilerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Open decisions that no ready or leased job will ever judge (at most `limit`): the store's candidates, less those
 * whose job the queue still holds (a store apart from the queue cannot tell).
 */
export async function findOrphans(deps: Pick<ServiceDeps, 'store' | 'queue'>, limit: number): Promise<OrphanedDecision[]> {
  const candidates = await deps.store.findOrphanedDecisions(limit);
  const asked = candidates.flatMap((c) => (c.queuedAs === null ? [] : [c.queuedAs]));
  if (asked.length === 0) return candidates;
  const live = await deps.queue.liveJobs(asked);
  return candidates.filter((c) => c.queuedAs === null || !live.has(c.queuedAs));
}

/**
 * The safety net under at-least-once delivery: a decision that is `queued` or `processing` while no ready or
 * leased job exists would wait for ever (no depth, no alert, a restart does not help). Each run finds those,
 * puts them back on the queue and writes REQUEUED_BY_RECONCILER on their task's trace.
 */
export class Reconciler {
  private status: ReconcilerStatus = { lastRunAt: null, lastRequeued: 0, totalRequeued: 0, lastError: null };

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'queue' | 'clock' | 'events'>,
    private readonly log: ReconcilerLog,
    /** Wakes the worker once something went back on the queue. */
    private readonly onRequeued: () => void,
  ) {}

  get lastStatus(): ReconcilerStatus {
    return this.status;
  }

  /** One pass; returns how many decisions went back on the queue. Never throws: the error is kept for /ready. */
  async run(): Promise<number> {
    const { store, clock, events } = this.deps;
    let requeued = 0;
    try {
      for (const orphan of await findOrphans(this.deps, PER_RUN)) {
        const at = clock.now();
        const audit = auditEvent('REQUEUED_BY_RECONCILER', {
          taskId: orphan.taskId,
          decisionId: orphan.decisionId,
          actor: ACTOR,
          at,
          decisionType: orphan.decisionType,
          payload: { previous_status: orphan.status, reason: 'the decision was open with no ready or leased job' },
        });
        if (await store.requeueOrphan(orphan, newId('job', at), audit)) requeued += 1;
      }
      this.status = { lastRunAt: clock.now(), lastRequeued: requeued, totalRequeued: this.status.totalRequeued + requeued, lastError: null };
    } catch (error) {
      this.status = { ...this.status, lastRunAt: clock.now(), lastRequeued: requeued, totalRequeued: this.status.totalRequeued + requeued, lastError: String(error) };
      this.log.error({ err: error }, 'reconciler run failed; it runs again at the next interval');
    }
    if (requeued > 0) {
      events.reconciled(requeued);
      this.log.warn({ requeued }, 'reconciler put decisions without a job back on the queue');
      this.onRequeued();
    }
    return requeued;
  }

  /** Runs every `intervalMs` (the first run is the caller's, at start). The returned function stops it. */
  schedule(intervalMs: number): () => void {
    const timer = setInterval(() => void this.run(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
