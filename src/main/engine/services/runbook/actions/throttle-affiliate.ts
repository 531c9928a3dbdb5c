import { AppError } from '../../../../../shared/errors';
import { ThrottleAffiliateParams } from '../../../../../shared/schemas/runbook';
import { MAX_THROTTLE_DAYS, affiliateThrottle, setAffiliateThrottle, throttleEnd } from '../affiliate-throttle';
import { defineAction, singlePreview } from './action';
import { liftUndo, restoreUndo } from './throttle-undo';

export const throttleAffiliate = defineAction({
  id: 'throttle-affiliate',
  title: 'Throttle an affiliate',
  description:
    'Allow one affiliate of this workspace at most per_minute reconciliation submissions a minute, on every API process together, until a time or until lifted: past it POST /api/decisions answers 429 affiliate_throttled with Retry-After, naming the affiliate and the limit; other affiliates are untouched. Undo: lift-affiliate-throttle (or the throttle it replaced).',
  scope: 'operate',
  params: ThrottleAffiliateParams,
  async preview(ctx, params) {
    const now = ctx.deps.clock.now();
    const until = params.until === undefined ? null : Date.parse(params.until);
    if (until !== null && until <= now) throw new AppError('validation_failed', `params of throttle-affiliate: until ${params.until} is not in the future`);
    if (until !== null && until > now + MAX_THROTTLE_DAYS * 86_400_000) {
      throw new AppError('validation_failed', `params of throttle-affiliate: until is more than ${MAX_THROTTLE_DAYS} days ahead; throttle for less and renew it`);
    }
    const before = await affiliateThrottle(ctx.kv, ctx.caller.workspaceId, params.affiliate_id, now);
    const replacing = before ? ` (replacing ${before.per_minute} a minute set by ${before.by})` : '';
    return singlePreview(
      `Allow affiliate ${params.affiliate_id} at most ${params.per_minute} reconciliation submission(s) a minute on every API process, ${throttleEnd({ until })}${replacing}; past it submissions get 429 affiliate_throttled.`,
      { throttles: 1 },
      `affiliate:${params.affiliate_id}`,
      params,
    );
  },
  async run(ctx, params, _preview, progress) {
    const now = ctx.deps.clock.now();
    const workspaceId = ctx.caller.workspaceId;
    const until = params.until === undefined ? null : Date.parse(params.until);
    const before = await affiliateThrottle(ctx.kv, workspaceId, params.affiliate_id, now);
    await setAffiliateThrottle(ctx.kv, workspaceId, params.affiliate_id, {
      workspace_id: workspaceId, affiliate_id: params.affiliate_id, per_minute: params.per_minute, until, by: ctx.caller.name, reason: ctx.reason, at: now,
    });
    progress(1, 1);
    return {
      summary: `Affiliate ${params.affiliate_id} may submit ${params.per_minute} reconciliation(s) a minute ${throttleEnd({ until })}; past it 429 affiliate_throttled.`,
      counts: { throttles: 1 },
      undo: before ? restoreUndo(before) : liftUndo(params.affiliate_id),
    };
  },
});
