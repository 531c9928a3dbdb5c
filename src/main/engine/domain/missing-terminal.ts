/**
 * The missing-terminal ratio (the reconciliation runbook's "Missing terminal ratio < 5 %"): of the decisions
 * submitted between `windowMs` and `ageMs` ago, the share still queued or processing. Every decision should be
 * terminal well within `ageMs` (the lag alert is at 5 s, the oldest-job alert at 10 min). The cohort is the newest
 * `perWorkspaceLimit` decisions of that span in each workspace, so each step reads a bounded range of two indexes
 * however busy the engine is; the runbook's 24 h view is the SQL of section 11.
 */
export const MISSING_TERMINAL = {
  ageMs: 10 * 60_000,
  windowMs: 70 * 60_000,
  perWorkspaceLimit: 10_000,
} as const;

/** Decisions of the cohort, and how many of them are not terminal yet (queued or processing). */
export interface OverdueCounts {
  submitted: number;
  notTerminal: number;
}

/** The span of submission times (ms, from inclusive, before exclusive) the ratio looks at, at `now`. */
export const missingTerminalSpan = (now: number) => ({ from: now - MISSING_TERMINAL.windowMs, before: now - MISSING_TERMINAL.ageMs });

/** null when nothing was submitted in the span: no evidence either way. */
export const missingTerminalRatio = (c: OverdueCounts): number | null => (c.submitted > 0 ? c.notTerminal / c.submitted : null);
