import { RollingBaseline, BASELINE_ALPHA, BASELINE_MIN_SAMPLES } from '../domain/rolling-baseline';
import { VelocityCounter, VELOCITY_WINDOW_MS } from '../domain/velocity-counter';
import { ReportWindow, TRUST_WINDOW_REPORTS } from '../domain/affiliate-trust';
import type { SignalHistory, SignalHistoryOptions } from '../ports/signal-history';

/** Signal history in this process's memory: right for one worker process (the embedded engine), not for several. */
export function createMemorySignalHistory(o: SignalHistoryOptions = {}): SignalHistory {
  const baselines = new Map<string, RollingBaseline>();
  const velocity = new VelocityCounter(o.velocityWindowMs ?? VELOCITY_WINDOW_MS);
  const reports = new ReportWindow(o.trustWindowReports ?? TRUST_WINDOW_REPORTS);
  return {
    async observeAmount(key, value) {
      let baseline = baselines.get(key);
      if (!baseline) {
        baseline = new RollingBaseline(o.alpha ?? BASELINE_ALPHA, o.minSamples ?? BASELINE_MIN_SAMPLES);
        baselines.set(key, baseline);
      }
      const z = baseline.zScore(value);
      baseline.add(value);
      return { z, samples: baseline.count };
    },
    async hit(key, at) {
      return velocity.hit(key, at);
    },
    async recordReport(key, reportId, outcome) {
      return reports.record(key, reportId, outcome);
    },
  };
}
