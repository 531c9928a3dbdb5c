/**
 * The history the signals are computed against: amount baselines and event velocity. The signal engine declares
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
}
