import { AppError } from '../../../../../shared/errors';
import { PruneNowParams } from '../../../../../shared/schemas/runbook';
import { PRUNE_ORDER, type PruneCounts, type PruneScope } from '../../../ports/audit-store';
import { retentionScope, runRetention } from '../maintenance';
import { underRetentionLease } from '../retention-lease';
import { defineAction, type ActionContext } from './action';

/** A preview's moment may be this far ahead of this process's clock (another API process took it). */
const CLOCK_SKEW_MS = 60_000;

function scopeOf(ctx: ActionContext, params: PruneNowParams): { scope: PruneScope; days: number } {
  const now = ctx.deps.clock.now();
  const asOf = params.as_of ?? now;
  if (asOf > now + CLOCK_SKEW_MS) {
    throw new AppError('validation_failed', `params of prune-now: as_of ${new Date(asOf).toISOString()} is in the future; preview again to get a moment that has passed`);
  }
  const days = params.retention_days ?? ctx.retentionDays;
  return { scope: retentionScope(Math.min(asOf, now), days), days };
}

const total = (counts: PruneCounts) => PRUNE_ORDER.reduce((sum, t) => sum + counts[t], 0);
const ms = (n: number) => `${Math.round(n)} ms`;

export const pruneNow = defineAction({
  id: 'prune-now',
  title: 'Prune old data now',
  description:
    'Delete decisions, audit and task events, tasks, operations events and stats older than the retention (or the days given), and expired idempotency keys, ' +
    'in batches sized to hold the write lock about 5 ms each, with a pause as long after each, while submissions go on (the result names the longest batch); then vacuum (incremental on SQLite, VACUUM (ANALYZE) on Postgres). ' +
    'Open decisions and their trail are kept whatever their age. Cannot be undone: take a backup first if you may need the data.',
  scope: 'system',
  params: PruneNowParams,
  async preview(ctx, params) {
    const { scope, days } = scopeOf(ctx, params);
    const counts = await ctx.deps.store.countPrunable(scope);
    const n = total(counts);
    return {
      summary: `Delete ${n} row(s) older than ${days} day(s) (before ${new Date(scope.cutoff).toISOString()}) and expired idempotency keys, then vacuum.`,
      touches: { counts: { ...counts }, ids: [...PRUNE_ORDER], total: n },
      destructive: true,
      confirm: String(n),
      // Pinned: the run deletes what is older than this preview's cutoff, not what has crossed it since.
      params: { retention_days: days, as_of: scope.now },
    };
  },
  async run(ctx, params, preview, progress) {
    const { scope } = scopeOf(ctx, params);
    const run = await underRetentionLease(ctx.kv, ctx.deps.clock, (renew) =>
      runRetention(ctx.deps, scope, `${ctx.caller.name} (prune-now)`, {
        total: preview.touches.total,
        onProgress: (done, of) => {
          progress(done, of);
          void renew().catch(() => undefined); // a failed renewal only lets the lease run out: the next run waits less
        },
      }),
    );
    const v = run.vacuum;
    const vacuum = v === null
      ? 'nothing to vacuum'
      : v.note ?? (v.freedPages === null ? `vacuumed the pruned tables in ${v.steps} step(s)` : `vacuum gave back ${v.freedPages} page(s) in ${v.steps} step(s), ${v.freePagesLeft ?? 0} left free`);
    return {
      summary: `Deleted ${total(run.counts)} row(s) in ${run.batches} batch(es) (longest held the write lock ${ms(run.maxBatchMs)}); ${vacuum}.`,
      counts: { ...run.counts },
      undo: null,
    };
  },
});
