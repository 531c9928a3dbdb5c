import type { ReportOutcome, ReportTally } from './affiliate-trust';

/**
 * The history the signals are computed against: amount baselines, event velocity and affiliates' report windows. The signal engine declares
 * what it needs here (the domain imports no ports); ports/signal-history.ts offers it to the adapters: memory for
 * one process, Redis when several workers must see one history.
 */
export interface AmountObservation {
  /** The value's z-score against the baseline before the value was added (RollingBaseline.zScore). */
  z: number;
  /** How many values the baseline holds, this one included. */
  samples: number;
}

export interface SignalHistory {
  /** Scores `value` against the baseline of `key`, then adds it to the baseline, as one step. */
  observeAmount(key: string, value: number): Promise<AmountObservation>;
  /** Records an event of `key` at `at` and returns how many events `key` had in (at - window, at], this one included. */
  hit(key: string, at: number): Promise<number>;
  /**
   * Adds report `reportId` with its outcome to the window of `key` (the last TRUST_WINDOW_REPORTS reports; a report
   * already in it is not added again) and returns the window's tally, this report included (ReportWindow.record).
   */
  recordReport(key: string, reportId: string, outcome: ReportOutcome): Promise<ReportTally>;
}
