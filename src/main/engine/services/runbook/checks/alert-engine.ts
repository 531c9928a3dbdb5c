import { iso, seconds, type Check, type CheckContext, type CheckOutcome } from './check';

/** Steps the sampler may miss before the alert engine counts as stopped. */
export const MISSED_STEPS_FAIL = 3;

type AlertingStatus = ReturnType<CheckContext['alerting']>;

/** Whether the engine's own monitoring runs: what the alert-engine check and /ready both say. */
export function alertEngineHealth(s: AlertingStatus, now: number): CheckOutcome {
  const sampledAgoMs = s.lastSampleAt === null ? null : Math.max(0, now - s.lastSampleAt);
  const numbers = {
    last_sample_at: iso(s.lastSampleAt),
    last_evaluation_at: iso(s.lastEvaluationAt),
    sampled_ago_s: sampledAgoMs === null ? null : seconds(sampledAgoMs),
    step_s: s.stepMs / 1000,
    leading: s.leading ? 'yes' : 'no',
    rules: s.rules,
  };
  if (s.lastError !== null) return { status: 'fail', summary: `The last sampling step failed: ${s.lastError}.`, numbers };
  if (sampledAgoMs === null) return { status: 'warn', summary: `The alert engine has not sampled since this process started (every ${s.stepMs / 1000} s).`, numbers };
  if (sampledAgoMs > MISSED_STEPS_FAIL * s.stepMs) {
    return { status: 'fail', summary: `The last sample is ${numbers.sampled_ago_s} s old while it runs every ${s.stepMs / 1000} s: the alert engine has stopped.`, numbers };
  }
  return {
    status: 'pass',
    summary: s.leading
      ? `Sampled ${numbers.sampled_ago_s} s ago (every ${s.stepMs / 1000} s) and evaluated ${s.rules} rule(s) at ${numbers.last_evaluation_at}.`
      : `Sampled ${numbers.sampled_ago_s} s ago (every ${s.stepMs / 1000} s); another process holds the alert lead and evaluates the ${s.rules} rule(s).`,
    numbers,
  };
}

export const alertEngine: Check = {
  id: 'alert-engine',
  title: 'Alert engine alive and its last evaluation',
  async run({ alerting, now }) {
    return alertEngineHealth(alerting(), now);
  },
};
