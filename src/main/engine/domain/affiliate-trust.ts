/**
 * An affiliate's trust score from its reconciliation history: the share of its last TRUST_WINDOW_REPORTS reports
 * that were neither overclaimed nor missing. The window counts reports, not time, so a quiet affiliate keeps its
 * score and a busy one is judged on recent behaviour; a report is one reconciliation decision, counted once however
 * often the worker retries it (by decision id).
 */

/** How many of an affiliate's most recent reconciliation reports the score rests on. */
export const TRUST_WINDOW_REPORTS = 50;
/** A report counts as overclaimed above this overclaim ratio: where the shipped policy starts asking for review. */
export const OVERCLAIM_TOLERANCE = 0.1;
/** The Redis window of an affiliate with no report for this long expires (the memory window forgets past maxKeys). */
export const TRUST_WINDOW_TTL_MS = 30 * 24 * 60 * 60_000;

export const REPORT_OUTCOMES = ['clean', 'overclaimed', 'missing'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** What an affiliate's window holds after a report joined it. */
export interface ReportTally {
  reports: number;
  overclaimed: number;
  missing: number;
}

export function reportOutcome(overclaimRatio: number, missing: boolean): ReportOutcome {
  if (missing) return 'missing';
  return overclaimRatio > OVERCLAIM_TOLERANCE ? 'overclaimed' : 'clean';
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The signals a tally gives: the score (1 = every report clean) and the two shares it is made of, in 0..1. */
export function trustSignals(t: ReportTally): {
  affiliate_trust_score: number;
  affiliate_overclaimed_share: number;
  affiliate_missing_share: number;
  affiliate_trust_reports: number;
} {
  const share = (n: number) => (t.reports === 0 ? 0 : round(n / t.reports));
  return {
    affiliate_trust_score: t.reports === 0 ? 1 : round((t.reports - t.overclaimed - t.missing) / t.reports),
    affiliate_overclaimed_share: share(t.overclaimed),
    affiliate_missing_share: share(t.missing),
    affiliate_trust_reports: t.reports,
  };
}

/**
 * The last `size` reports per key, newest last, for one process. Bounded: past `maxKeys` the least recently seen
 * key is dropped (Map keeps insertion order), as VelocityCounter does.
 */
export class ReportWindow {
  private readonly reports = new Map<string, { id: string; outcome: ReportOutcome }[]>();

  constructor(
    private readonly size = TRUST_WINDOW_REPORTS,
    private readonly maxKeys = 100_000,
  ) {}

  /** Adds report `id` (unless the window already holds it) and returns the window's tally, this report included. */
  record(key: string, id: string, outcome: ReportOutcome): ReportTally {
    const list = this.reports.get(key) ?? [];
    if (!list.some((r) => r.id === id)) {
      list.push({ id, outcome });
      if (list.length > this.size) list.splice(0, list.length - this.size);
    }
    this.reports.delete(key);
    this.reports.set(key, list);
    if (this.reports.size > this.maxKeys) {
      const oldest = this.reports.keys().next().value;
      if (oldest !== undefined) this.reports.delete(oldest);
    }
    return tally(list.map((r) => r.outcome));
  }
}

export function tally(outcomes: readonly ReportOutcome[]): ReportTally {
  let overclaimed = 0;
  let missing = 0;
  for (const o of outcomes) {
    if (o === 'overclaimed') overclaimed += 1;
    else if (o === 'missing') missing += 1;
  }
  return { reports: outcomes.length, overclaimed, missing };
}
