/** When the engine's monitor last ran: its sampler, and its alert engine (only the alert lead evaluates). */
export interface MonitorRuns {
  /** ms since the epoch; null before the first run. */
  lastSampleAt: number | null;
  lastEvaluationAt: number | null;
  /** Whether this process evaluates the alert rules (a follower's evaluation age says nothing). */
  leading: boolean;
}

export interface MonitorAges {
  samplerMs: number | null;
  /** null when this process does not evaluate, or has not yet. */
  evaluationMs: number | null;
  /** The older of the two: how long the monitor as a whole has been behind. */
  oldestMs: number | null;
}

export function monitorAges(runs: MonitorRuns, now: number): MonitorAges {
  const age = (at: number | null) => (at === null ? null : Math.max(0, now - at));
  const samplerMs = age(runs.lastSampleAt);
  const evaluationMs = runs.leading ? age(runs.lastEvaluationAt) : null;
  const known = [samplerMs, evaluationMs].filter((a): a is number => a !== null);
  return { samplerMs, evaluationMs, oldestMs: known.length ? Math.max(...known) : null };
}
