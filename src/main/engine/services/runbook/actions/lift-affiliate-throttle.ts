import { LiftAffiliateThrottleParams } from '../../../../../shared/schemas/runbook';
import { affiliateThrottle, setAffiliateThrottle, throttleEnd } from '../affiliate-throttle';
import { defineAction, singlePreview } from './action';
import { restoreUndo } from './throttle-undo';

export const liftAffiliateThrottle = defineAction({
  id: 'lift-affiliate-throttle',
  title: 'Lift an affiliate throttle',
  description: 'End the throttle-affiliate limit on one affiliate of this workspace now, on every API process: it submits at the workspace\'s rate again. Undo: throttle-affiliate with the limit and end it had.',
  scope: 'operate',
  params: LiftAffiliateThrottleParams,
  async preview(ctx, params) {
    const id = `affiliate:${params.affiliate_id}`;
    const before = await affiliateThrottle(ctx.kv, ctx.caller.workspaceId, params.affiliate_id, ctx.deps.clock.now());
    if (!before) return singlePreview(`Affiliate ${params.affiliate_id} is not throttled: nothing changes.`, { throttles: 0 }, id, params);
    return singlePreview(
      `Lift the throttle of ${params.affiliate_id} (${before.per_minute} a minute, set by ${before.by}: ${before.reason}; ${throttleEnd(before)}): it submits at the workspace's rate again.`,
      { throttles: 1 },
      id,
      params,
    );
  },
  async run(ctx, params, preview, progress) {
    const before = await affiliateThrottle(ctx.kv, ctx.caller.workspaceId, params.affiliate_id, ctx.deps.clock.now());
    const touched = before && (preview.touches.counts.throttles ?? 0) > 0 ? 1 : 0;
    if (touched) await setAffiliateThrottle(ctx.kv, ctx.caller.workspaceId, params.affiliate_id, null);
    progress(1, 1);
    return {
      summary: touched ? `Affiliate ${params.affiliate_id} is no longer throttled.` : `Affiliate ${params.affiliate_id} was not throttled.`,
      counts: { throttles: touched },
      undo: touched && before ? restoreUndo(before) : null,
    };
  },
});
