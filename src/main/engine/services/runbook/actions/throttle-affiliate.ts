import { AppError } from '../../../../../shared/errors';
import { ThrottleAffiliateParams, type ActionUndo } from '../../../../../shared/schemas/runbook';
import { MAX_THROTTLE_DAYS, affiliateThrottle, setAffiliateThrottle, throttleEnd, type AffiliateThrottle } from '../affiliate-throttle';
import { defineAction, singlePreview } from './action';

const lift = (affiliateId: string): ActionUndo => ({ action_id: 'throttle-affiliate', params: { affiliate_id: affiliateId, per_minute: null }, title: `Lift the throttle of ${affiliateId}` });
const restore = (t: AffiliateThrottle): ActionUndo => ({
  action_id: 'throttle-affiliate',
  params: { affiliate_id: t.affiliate_id, per_minute: t.per_minute, ...(t.until === null ? {} : { until: new Date(t.until).toISOString() }) },
  title: `Throttle ${t.affiliate_id} to ${t.per_minute} a minute again`,
});

export const throttleAffiliate = defineAction({
  id: 'throttle-affiliate',
  title: 'Throttle an affiliate',
  description:
    'Allow one affiliate of this workspace at most per_minute reconciliation submissions a minute, on every API process together, until a time or until lifted: past it POST /api/decisions answers 429 affiliate_throttled with Retry-After, naming the affiliate and the limit; other affiliates are untouched. per_minute null lifts it. Undo: the throttle as it was before.',
  scope: 'operate',
  params: ThrottleAffiliateParams,
  async preview(ctx, params) {
    const now = ctx.deps.clock.now();
    const id = `affiliate:${params.affiliate_id}`;
    const before = await affiliateThrottle(ctx.kv, ctx.caller.workspaceId, params.affiliate_id, now);
    if (params.per_minute === null) {
      if (!before) return singlePreview(`Affiliate ${params.affiliate_id} is not throttled: nothing changes.`, { throttles: 0 }, id, params);
      return singlePreview(
        `Lift the throttle of ${params.affiliate_id} (${before.per_minute} a minute, set by ${before.by}: ${before.reason}; ${throttleEnd(before)}): it submits at the workspace's rate again.`,
        { throttles: 1 },
        id,
        params,
      );
    }
    const until = params.until === undefined ? null : Date.parse(params.until);
    if (until !== null && until <= now) throw new AppError('validation_failed', `params of throttle-affiliate: until ${params.until} is not in the future`);
    if (until !== null && until > now + MAX_THROTTLE_DAYS * 86_400_000) {
      throw new AppError('validation_failed', `params of throttle-affiliate: until is more than ${MAX_THROTTLE_DAYS} days ahead; throttle for less and renew it`);
    }
    const replacing = before ? ` (replacing ${before.per_minute} a minute set by ${before.by})` : '';
    return singlePreview(
      `Allow affiliate ${params.affiliate_id} at most ${params.per_minute} reconciliation submission(s) a minute on every API process, ${throttleEnd({ until })}${replacing}; past it submissions get 429 affiliate_throttled.`,
      { throttles: 1 },
      id,
      params,
    );
  },
  async run(ctx, params, preview, progress) {
    const now = ctx.deps.clock.now();
    const workspaceId = ctx.caller.workspaceId;
    const before = await affiliateThrottle(ctx.kv, workspaceId, params.affiliate_id, now);
    const touched = (preview.touches.counts.throttles ?? 0) > 0 && (params.per_minute !== null || before !== null) ? 1 : 0;
    if (touched && params.per_minute === null) await setAffiliateThrottle(ctx.kv, workspaceId, params.affiliate_id, null);
    if (touched && params.per_minute !== null) {
      const until = params.until === undefined ? null : Date.parse(params.until);
      await setAffiliateThrottle(ctx.kv, workspaceId, params.affiliate_id, {
        workspace_id: workspaceId, affiliate_id: params.affiliate_id, per_minute: params.per_minute, until, by: ctx.caller.name, reason: ctx.reason, at: now,
      });
    }
    progress(1, 1);
    if (!touched) return { summary: `Affiliate ${params.affiliate_id} was not throttled.`, counts: { throttles: 0 }, undo: null };
    if (params.per_minute === null) {
      return { summary: `Affiliate ${params.affiliate_id} is no longer throttled.`, counts: { throttles: 1 }, undo: before ? restore(before) : null };
    }
    return {
      summary: `Affiliate ${params.affiliate_id} may submit ${params.per_minute} reconciliation(s) a minute ${throttleEnd({ until: params.until === undefined ? null : Date.parse(params.until) })}; past it 429 affiliate_throttled.`,
      counts: { throttles: 1 },
      undo: before ? restore(before) : lift(params.affiliate_id),
    };
  },
});
