import type { ActionUndo } from '../../../../../shared/schemas/runbook';
import type { AffiliateThrottle } from '../affiliate-throttle';

/** The undo that lifts an affiliate's throttle. */
export const liftUndo = (affiliateId: string): ActionUndo => ({ action_id: 'lift-affiliate-throttle', params: { affiliate_id: affiliateId }, title: `Lift the throttle of ${affiliateId}` });

/** The undo that sets a throttle back as it was (limit and end). */
export const restoreUndo = (t: AffiliateThrottle): ActionUndo => ({
  action_id: 'throttle-affiliate',
  params: { affiliate_id: t.affiliate_id, per_minute: t.per_minute, ...(t.until === null ? {} : { until: new Date(t.until).toISOString() }) },
  title: `Throttle ${t.affiliate_id} to ${t.per_minute} a minute again`,
});
