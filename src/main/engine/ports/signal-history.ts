/**
 * Signal history (amount baselines per workspace and decision type, velocity per subject), shared by every worker
 * that uses the same adapter. The interface is the signal engine's own, declared in the domain.
 */
export type { AmountObservation, SignalHistory } from '../domain/signal-history';

/** What every adapter takes; each defaults to the domain's (RollingBaseline, VelocityCounter). */
export interface SignalHistoryOptions {
  alpha?: number;
  minSamples?: number;
  velocityWindowMs?: number;
}
