/**
 * Signal history (amount baselines per workspace and decision type, velocity per subject, each
 * affiliate's last reconciliation reports), shared by every worker
 * that uses the same adapter. The interface is the signal engine's own, declared in the domain.
 */
export type { AmountObservation, SignalHistory } from '../domain/signal-history';

/** What every adapter takes; each defaults to the domain's (RollingBaseline, VelocityCounter, ReportWindow). */
export interface SignalHistoryOptions {
  alpha?: number;
  minSamples?: number;
  velocityWindowMs?: number;
  /** How many reports an affiliate's trust window keeps (TRUST_WINDOW_REPORTS). */
  trustWindowReports?: number;
}
