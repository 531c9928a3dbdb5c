import { monitorAges } from '../../../domain/monitor-age';
import { iso, seconds, type Check, type CheckContext, type CheckOutcome } from './check';

/** Steps the sampler (or, in the alert lead, the rule evaluation) may miss before the monitor counts as stopped. */
export const MISSED_STEPS_FAIL = 3;

type AlertingStatus = ReturnType<CheckContext['alerting']>;

/**
 * Why the monitor counts as stopped, or null while it runs: the sampler's last run, or (in the process that holds
 * the alert lead) the alert engine's last evaluation, is more than MISSED_STEPS_FAIL steps old. /ready turns 503 on it.
 */
export function monitorStopped(s: AlertingStatus, now: number): string | null {
  const ages = monitorAges(s, now);
  const limit = MISSED_STEPS_FAIL * s.stepMs;
  const every = `while it runs every ${s.stepMs / 1000} s`;
  if (ages.samplerMs !== null && ages.samplerMs > limit) return `The sampler last ran ${seconds(ages.samplerMs)} s ago ${every}: the monitor has stopped.`;
  if (ages.evaluationMs !== null && ages.evaluationMs > limit) return `The alert engine last evaluated the rules ${seconds(ages.evaluationMs)} s ago ${every}: alerts are not evaluated.`;
  return null;
}

/** Whether the engine's own monitoring runs: what the alert-engine check and /ready both say. */
export function alertEngineHealth(s: AlertingStatus, now: number): CheckOutcome {
  const ages = monitorAges(s, now);
  const numbers = {
    last_sample_at: iso(s.lastSampleAt),
    last_evaluation_at: iso(s.lastEvaluationAt),
    sampled_ago_s: ages.samplerMs === null ? null : seconds(ages.samplerMs),
    evaluated_ago_s: ages.evaluationMs === null ? null : seconds(ages.evaluationMs),
    step_s: s.stepMs / 1000,
    leading: s.leading ? 'yes' : 'no',
    rules: s.rules,
  };
  if (s.lastError !== null) return { status: 'fail', summary: `The last sampling step failed: ${s.lastError}.`, numbers };
  if (ages.samplerMs === null) return { status: 'warn', summary: `The alert engine has not sampled since this process started (every ${s.stepMs / 1000} s).`, numbers };
  const stopped = monitorStopped(s, now);
  if (stopped) return { status: 'fail', summary: stopped, numbers };
  return {
    status: 'pass',
    summary: s.leading
      ? `Sampled ${numbers.sampled_ago_s} s ago (every ${s.stepMs / 1000} s) and evaluated ${s.rules} rule(s) ${numbers.evaluated_ago_s ?? '-'} s ago, at ${numbers.last_evaluation_at}.`
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
