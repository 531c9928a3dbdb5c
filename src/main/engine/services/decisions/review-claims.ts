import { AppError } from '../../../../shared/errors';
import type { ReviewClaim } from '../../../../shared/schemas/review-claim';
import { claimedError, heldByOther, isLive, newClaim, type Claimant } from '../../domain/review-claim';
import { requireDecision } from '../../domain/require-found';
import type { AuditStore } from '../../ports/audit-store';
import type { Clock } from '../../ports/clock';
import type { KeyValue } from '../../ports/key-value';

export interface ReviewClaims {
  /** Claims (or renews the caller's own claim on) a needs_review decision. Throws conflict when another analyst holds it. */
  claim(workspaceId: string, who: Claimant, decisionId: string): Promise<ReviewClaim>;
  /** Gives the caller's claim up. False when there was none (or it had expired). Throws conflict on another's claim. */
  release(workspaceId: string, who: Claimant, decisionId: string): Promise<boolean>;
  /** The live claims of a workspace. */
  list(workspaceId: string): Promise<ReviewClaim[]>;
  /** Before a verdict: throws conflict when another analyst holds the decision. */
  assertFree(workspaceId: string, who: Claimant, decisionId: string): Promise<void>;
  /** After a verdict: the claim has done its job. */
  clear(workspaceId: string, decisionId: string): Promise<void>;
}

const prefix = (workspaceId: string) => `review-claim/${workspaceId}/`;
const keyOf = (workspaceId: string, decisionId: string) => `${prefix(workspaceId)}${decisionId}`;

/** Claims live in the shared key-value store, written compare-and-set, so two analysts cannot both win. */
export function createReviewClaims(o: { kv: KeyValue; store: AuditStore; clock: Clock }): ReviewClaims {
  const read = async (workspaceId: string, decisionId: string) => o.kv.get<ReviewClaim>(keyOf(workspaceId, decisionId));
  return {
    async claim(workspaceId, who, decisionId) {
      const decision = requireDecision(await o.store.getDecision(workspaceId, decisionId), decisionId);
      if (decision.status !== 'needs_review') {
        throw new AppError('invalid_state', `decision ${decisionId} is ${decision.status}; only needs_review decisions are claimed`);
      }
      const now = o.clock.now();
      const stored = await read(workspaceId, decisionId);
      const other = heldByOther(stored?.value ?? null, who, now);
      if (other) throw claimedError(other);
      const claim = newClaim(decisionId, who, now);
      if ((await o.kv.compareAndSet(keyOf(workspaceId, decisionId), stored?.version ?? null, claim)) !== null) return claim;
      // Someone wrote in between: their claim (or a renewal of one) stands.
      const winner = await read(workspaceId, decisionId);
      throw claimedError(winner?.value ?? claim);
    },
    async release(workspaceId, who, decisionId) {
      const stored = await read(workspaceId, decisionId);
      if (!stored) return false;
      const other = heldByOther(stored.value, who, o.clock.now());
      if (other) throw claimedError(other);
      const live = isLive(stored.value, o.clock.now());
      return (await o.kv.removeIfVersion(keyOf(workspaceId, decisionId), stored.version)) && live;
    },
    async list(workspaceId) {
      const now = o.clock.now();
      const all = await o.kv.list<ReviewClaim>(prefix(workspaceId));
      // Expired claims are dropped as they are found: nobody else cleans them up.
      for (const c of all) if (!isLive(c.value, now)) await o.kv.removeIfVersion(c.key, c.version);
      return all.filter((c) => isLive(c.value, now)).map((c) => c.value);
    },
    async assertFree(workspaceId, who, decisionId) {
      const stored = await read(workspaceId, decisionId);
      const other = heldByOther(stored?.value ?? null, who, o.clock.now());
      if (other) throw claimedError(other);
    },
    async clear(workspaceId, decisionId) {
      const stored = await read(workspaceId, decisionId);
      if (stored) await o.kv.removeIfVersion(keyOf(workspaceId, decisionId), stored.version);
    },
  };
}
