import { findOrphans } from '../../decisions/reconciler';
import type { Check } from './check';

/** Counted up to this many (the reconciler's own batch). */
export const ORPHANS_COUNTED = 1_000;

export const orphanedDecisions: Check = {
  id: 'orphaned-decisions',
  title: 'Decisions queued with no job behind them',
  async run(ctx) {
    const orphans = await findOrphans(ctx, ORPHANS_COUNTED);
    const n = orphans.length;
    const shown = n >= ORPHANS_COUNTED ? `at least ${n}` : String(n);
    return {
      status: n > 0 ? 'warn' : 'pass',
      summary: n > 0
        ? `${shown} decision(s) are queued or processing with no ready or leased job (e.g. ${orphans.slice(0, 3).map((o) => o.decisionId).join(', ')}); the reconciler puts them back on the queue at its next run.`
        : 'Every queued or processing decision has a ready or leased job behind it (0 orphans).',
      numbers: { orphaned: n },
    };
  },
};
