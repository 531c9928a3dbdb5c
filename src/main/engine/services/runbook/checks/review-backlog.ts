import { against, iso, seconds, worst, type Check } from './check';

// The runbooks give no line for the review backlog; these are ours: a working day's queue for one analyst, and a
// decision nobody looked at for an hour (a day fails).
export const REVIEW_BACKLOG_WARN = 100;
export const REVIEW_BACKLOG_FAIL = 1_000;
export const REVIEW_OLDEST_WARN_MS = 60 * 60_000;
export const REVIEW_OLDEST_FAIL_MS = 24 * 60 * 60_000;

export const reviewBacklog: Check = {
  id: 'review-backlog',
  title: 'needs_review backlog and its oldest age',
  async run({ store, workspaceId, now }) {
    const backlog = await store.countWorkspaceBacklog(workspaceId);
    const oldestMs = backlog.oldestNeedsReviewAt === null ? null : Math.max(0, now - backlog.oldestNeedsReviewAt);
    const numbers = { needs_review: backlog.needsReview, oldest_age_s: oldestMs === null ? null : seconds(oldestMs), oldest_at: iso(backlog.oldestNeedsReviewAt) };
    return {
      status: worst(against(backlog.needsReview, REVIEW_BACKLOG_WARN, REVIEW_BACKLOG_FAIL), against(oldestMs, REVIEW_OLDEST_WARN_MS, REVIEW_OLDEST_FAIL_MS)),
      summary: backlog.needsReview === 0
        ? 'No decision waits for review in this workspace.'
        : `${backlog.needsReview} decision(s) wait for review in this workspace (warn over ${REVIEW_BACKLOG_WARN}, fail over ${REVIEW_BACKLOG_FAIL}), the oldest for ${numbers.oldest_age_s} s (warn over ${REVIEW_OLDEST_WARN_MS / 60_000} min, fail over ${REVIEW_OLDEST_FAIL_MS / 3_600_000} h).`,
      numbers,
    };
  },
};
