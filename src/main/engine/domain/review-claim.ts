import { AppError } from '../../../shared/errors';
import type { ReviewClaim } from '../../../shared/schemas/review-claim';

/** A claim lasts 15 minutes unless renewed: long enough to read a case, short enough that a closed laptop frees it. */
export const CLAIM_TTL_MS = 15 * 60_000;

/** Who claims: the key decides (two tabs of one analyst are one claimant), the name is what others see. */
export interface Claimant {
  name: string;
  keyId: string;
}

export function isLive(claim: ReviewClaim, now: number): boolean {
  return Date.parse(claim.expires_at) > now;
}

/** The claim when someone else holds it now; null when the decision is free or the claimant's own. */
export function heldByOther(claim: ReviewClaim | null, who: Claimant, now: number): ReviewClaim | null {
  return claim !== null && isLive(claim, now) && claim.key_id !== who.keyId ? claim : null;
}

export function newClaim(decisionId: string, who: Claimant, now: number): ReviewClaim {
  return {
    decision_id: decisionId,
    claimed_by: who.name,
    key_id: who.keyId,
    claimed_at: new Date(now).toISOString(),
    expires_at: new Date(now + CLAIM_TTL_MS).toISOString(),
  };
}

export function claimedError(claim: ReviewClaim): AppError {
  return new AppError('conflict', `decision ${claim.decision_id} is claimed by ${claim.claimed_by} until ${claim.expires_at}`, {
    claimed_by: claim.claimed_by,
    expires_at: claim.expires_at,
  });
}
