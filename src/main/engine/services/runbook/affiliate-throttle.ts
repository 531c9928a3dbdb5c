import { AppError } from '../../../../shared/errors';
import { entitiesOf } from '../../../../shared/entities';
import type { DecisionType } from '../../../../shared/schemas/decision';
import type { KeyValue, KvReads } from '../../ports/key-value';
import type { RateLimiter } from '../../ports/rate-limiter';

/**
 * Per-affiliate intake throttles (the throttle-affiliate action), one record per workspace and affiliate in the
 * shared KeyValue, so every API process enforces the same limit; the submissions are counted by the shared rate
 * limiter (SQLite file or Redis, one atomic step per call, its one-minute window) under the affiliate's own key
 * with `per_minute` as that key's budget, so N processes together let through at most `per_minute` a minute.
 */
const PREFIX = 'runbook:affiliate-throttle:';
/** How far ahead `until` may be. */
export const MAX_THROTTLE_DAYS = 30;

export interface AffiliateThrottle {
  workspace_id: string;
  affiliate_id: string;
  per_minute: number;
  /** When it lifts by itself (ms), or null: until throttle-affiliate lifts it. */
  until: number | null;
  by: string;
  reason: string;
  at: number;
}

const keyOf = (workspaceId: string, affiliateId: string) => `${PREFIX}${workspaceId}|${affiliateId}`;

/** The throttle in force on an affiliate at `now`, or null (none, or it has run out). */
export async function affiliateThrottle(kv: KvReads, workspaceId: string, affiliateId: string, now: number): Promise<AffiliateThrottle | null> {
  const stored = (await kv.get<AffiliateThrottle>(keyOf(workspaceId, affiliateId)))?.value;
  return stored && (stored.until === null || stored.until > now) ? stored : null;
}

/** The throttles in force in a workspace at `now`. */
export async function activeThrottles(kv: KvReads, workspaceId: string, now: number): Promise<AffiliateThrottle[]> {
  const stored = await kv.list<AffiliateThrottle>(`${PREFIX}${workspaceId}|`);
  return stored.map((s) => s.value).filter((t) => t.until === null || t.until > now);
}

/** Sets an affiliate's throttle, or (null) lifts it, whatever is stored now. */
export async function setAffiliateThrottle(kv: KeyValue, workspaceId: string, affiliateId: string, value: AffiliateThrottle | null): Promise<void> {
  const key = keyOf(workspaceId, affiliateId);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stored = await kv.get<AffiliateThrottle>(key);
    if (value === null) {
      if (!stored || (await kv.removeIfVersion(key, stored.version))) return;
    } else if ((await kv.compareAndSet(key, stored?.version ?? null, value)) !== null) {
      return;
    }
  }
  throw new Error(`${key} kept changing under this write; try again`);
}

/** "until 2026-…" or "until lifted", for sentences. */
export const throttleEnd = (t: Pick<AffiliateThrottle, 'until'>): string => (t.until === null ? 'until lifted' : `until ${new Date(t.until).toISOString()}`);

/**
 * Counts a submission against the throttle of every affiliate it names and refuses it past the limit: 429
 * affiliate_throttled with Retry-After (the seconds until the minute's window ends) and a sentence naming the
 * affiliate and its limit. Decision types that name no affiliate pass without a read.
 */
export async function assertAffiliateAdmitted(
  kv: KvReads,
  limiter: RateLimiter,
  workspaceId: string,
  submission: { decision_type: DecisionType; inputs: Readonly<Record<string, unknown>> },
  now: number,
): Promise<void> {
  for (const entity of entitiesOf(submission.decision_type, submission.inputs)) {
    if (entity.kind !== 'affiliate') continue;
    const throttle = await affiliateThrottle(kv, workspaceId, entity.id, now);
    if (!throttle) continue;
    const waitMs = await limiter.take(`affiliate|${workspaceId}|${entity.id}`, throttle.per_minute);
    if (waitMs === 0) continue;
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError(
      'affiliate_throttled',
      `affiliate ${entity.id} is throttled to ${throttle.per_minute} submission(s) a minute (by ${throttle.by}: ${throttle.reason}; ${throttleEnd(throttle)}) and has used this minute's; retry in ${seconds} s`,
      { retry_after_s: seconds, affiliate_id: entity.id, per_minute: throttle.per_minute, until: throttle.until === null ? null : new Date(throttle.until).toISOString() },
    );
  }
}
