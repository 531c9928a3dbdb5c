import { z } from 'zod';
import { ExternalId, IsoTimestamp } from './common';

/** An analyst's hold on a needs_review decision, so two people do not review the same one. Expires by itself. */
export const ReviewClaim = z.object({
  decision_id: z.string(),
  claimed_by: z.string(),
  key_id: z.string(),
  claimed_at: IsoTimestamp,
  expires_at: IsoTimestamp,
});
export type ReviewClaim = z.infer<typeof ReviewClaim>;

export const ClaimDecisionInput = z.strictObject({ decision_id: ExternalId });
export type ClaimDecisionInput = z.infer<typeof ClaimDecisionInput>;

export const ReviewClaimList = z.object({ items: z.array(ReviewClaim) });
export type ReviewClaimList = z.infer<typeof ReviewClaimList>;

export const ClaimReleased = z.object({ decision_id: z.string(), released: z.boolean() });
export type ClaimReleased = z.infer<typeof ClaimReleased>;
