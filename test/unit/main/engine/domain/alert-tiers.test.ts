import { describe, expect, it } from 'vitest';
import { initialAlertState, labelsOf, type AlertRule, type AlertState, type Sample } from '../../../../../src/main/engine/domain/alert-rules';
import { evaluateAlert, pendingWaits, tierProblem } from '../../../../../src/main/engine/domain/alert-tiers';

const MIN = 60_000;
/** Blocked tasks: warning over 10 for 10 min, critical over 50 for 5 min; cooldown 30 min. */
const blocked: AlertRule = {
  id: 'blocked-tasks-high', metric: 'blocked_tasks', type: 'threshold', operator: '>', threshold: 10, durationMs: 10 * MIN,
  severity: 'warning', message: 'More than 10 blocked', cooldownMs: 30 * MIN, enabled: true,
  critical: { threshold: 50, durationMs: 5 * MIN, message: 'More than 50 blocked' },
};

/** Feeds `[minute, value]` pairs; returns the events as `kind:tier@minute` and the last state. */
function run(rule: AlertRule, samples: [number, number | null][], state: AlertState = initialAlertState()) {
  const events: string[] = [];
  for (const [m, value] of samples) {
    const sample: Sample = { at: m * MIN, value };
    const r = evaluateAlert(rule, state, sample);
    state = r.state;
    events.push(...r.events.filter((e) => e.kind !== 'pending').map((e) => `${e.kind}:${e.tier}@${m}`));
  }
  return { state, events };
}

describe('tiered alert rules (warning and critical, fake clock: sample times)', () => {
  it('fires warning after its duration, escalates to critical after its own, de-escalates, then resolves', () => {
    const { events, state } = run(blocked, [[0, 20], [10, 20], [11, 80], [15, 80], [16, 80], [20, 30], [25, 30], [26, 2]]);
    expect(events).toEqual([
      'firing:warning@10',
      'resolved:warning@16', 'firing:critical@16', // critical held 5 min (11..16): one evaluation, both transitions
      'resolved:critical@20', 'firing:warning@20', // back below 50, still above 10: warning again, no cooldown
      'resolved:warning@26',
    ]);
    expect(state).toMatchObject({ status: 'inactive', since: null, holding: { warning: null, critical: null } });
    expect(state.tier).toBeUndefined();
  });

  it('goes straight to critical when both tiers become due (the warning alert never fires)', () => {
    const rule: AlertRule = { ...blocked, critical: { threshold: 50, durationMs: 10 * MIN } };
    expect(run(rule, [[0, 90], [5, 90], [10, 90], [12, 0]]).events).toEqual(['firing:critical@10', 'resolved:critical@12']);
  });

  it('counts each tier\'s duration from when its own condition started holding, and restarts it after a break', () => {
    // critical holds 0..3, breaks at 3 (warning still holds), holds again from 4: due at 9, not at 5.
    const { events } = run(blocked, [[0, 60], [3, 20], [4, 60], [8, 60], [9, 60]]);
    expect(events).toEqual(['firing:critical@9']);
  });

  it('resolves critical without firing warning when the warning tier has not held its longer duration yet', () => {
    const rule: AlertRule = { ...blocked, durationMs: 20 * MIN, critical: { threshold: 50, durationMs: 0 } };
    const { events, state } = run(rule, [[0, 60], [5, 30], [19, 30], [20, 30]]);
    expect(events).toEqual(['firing:critical@0', 'resolved:critical@5', 'firing:warning@20']);
    expect(state).toMatchObject({ status: 'firing', tier: 'warning' });
  });

  it('holds a firing from quiet back for the cooldown, whichever tier is due; switching tiers is not held back', () => {
    const { events } = run(blocked, [[0, 20], [10, 20], [12, 0], [13, 90], [20, 90], [40, 90], [41, 20]]);
    // fired at 10, quiet at 12; critical due at 18 but the cooldown (30 min since 10) ends at 40.
    expect(events).toEqual(['firing:warning@10', 'resolved:warning@12', 'firing:critical@40', 'resolved:critical@41', 'firing:warning@41']);
  });

  it('resolves the firing tier when the rule is disabled', () => {
    const { state } = run(blocked, [[0, 90], [5, 90]]);
    expect(state.tier).toBe('critical');
    expect(run({ ...blocked, enabled: false }, [[6, 90]], state).events).toEqual(['resolved:critical@6']);
  });

  it('escalates downwards for < operators, and knows absence rules escalate with a longer gap', () => {
    const floor: AlertRule = { ...blocked, metric: 'decisions_per_minute', operator: '<', threshold: 10, durationMs: 0, critical: { threshold: 1, durationMs: 0 } };
    expect(run(floor, [[0, 5], [1, 0], [2, 20]]).events).toEqual(['firing:warning@0', 'resolved:warning@1', 'firing:critical@1', 'resolved:critical@2']);
    const silent: AlertRule = { ...blocked, type: 'absence', threshold: 2 * MIN, durationMs: 0, critical: { threshold: 5 * MIN, durationMs: 0 } };
    expect(run(silent, [[0, 1], [2, null], [5, null], [6, 1]]).events).toEqual(['firing:warning@2', 'resolved:warning@5', 'firing:critical@5', 'resolved:critical@6']);
  });

  it('takes over a state stored before the rule had a critical tier without dropping the firing alert', () => {
    const single: AlertRule = { ...blocked, critical: undefined };
    const { state } = run(single, [[0, 20], [10, 20]]);
    expect(state).toMatchObject({ status: 'firing' });
    expect(run(blocked, [[11, 20], [12, 60], [17, 60]], state).events).toEqual(['resolved:warning@17', 'firing:critical@17']);
  });

  it('de-escalates a firing critical alert when the critical tier is removed, and forgets the tier bookkeeping', () => {
    const { state } = run(blocked, [[0, 90], [5, 90]]);
    const single: AlertRule = { ...blocked, critical: undefined };
    const after = run(single, [[11, 90], [12, 20]], state);
    expect(after.events).toEqual(['resolved:critical@11', 'firing:warning@11']);
    expect(after.state).toMatchObject({ status: 'firing' });
    expect(after.state.holding).toBeUndefined();
    expect(after.state.tier).toBeUndefined();
  });

  it('lists what each tier still waits for: both while quiet, only critical while warning fires', () => {
    const quietTwo = run(blocked, [[0, 60]]).state;
    expect(pendingWaits(blocked, quietTwo, 2 * MIN)).toEqual([
      expect.objectContaining({ tier: 'warning', severity: 'warning', waitingFor: 'duration', remainingMs: 8 * MIN, since: 0 }),
      expect.objectContaining({ tier: 'critical', severity: 'critical', message: 'More than 50 blocked', waitingFor: 'duration', remainingMs: 3 * MIN, since: 0 }),
    ]);
    const warningFiring = run(blocked, [[0, 20], [10, 20], [11, 60]]).state;
    expect(pendingWaits(blocked, warningFiring, 12 * MIN)).toEqual([expect.objectContaining({ tier: 'critical', remainingMs: 4 * MIN })]);
    const criticalFiring = run(blocked, [[0, 60], [5, 60]]).state;
    expect(pendingWaits(blocked, criticalFiring, 6 * MIN)).toEqual([]);
  });

  it('gives each tier its own labels, so its own fingerprint, with the rule\'s own labels on both', () => {
    const rule: AlertRule = { ...blocked, labels: { team: 'payments' } };
    expect(labelsOf(rule, 'warning')).toEqual({ team: 'payments', alertname: 'blocked-tasks-high', severity: 'warning', metric: 'blocked_tasks' });
    expect(labelsOf(rule, 'critical')).toEqual({ team: 'payments', alertname: 'blocked-tasks-high', severity: 'critical', metric: 'blocked_tasks' });
  });

  it('refuses a critical threshold that is not beyond the warning one in the operator\'s direction', () => {
    expect(tierProblem(blocked)).toBeNull();
    expect(tierProblem({ ...blocked, critical: { threshold: 10, durationMs: 0 } })).toMatch(/^critical\.threshold: must be above the warning threshold 10/);
    expect(tierProblem({ ...blocked, operator: '<', critical: { threshold: 50, durationMs: 0 } })).toMatch(/^critical\.threshold: must be below/);
    expect(tierProblem({ ...blocked, operator: '==' })).toMatch(/^critical: operator == has no direction/);
    expect(tierProblem({ ...blocked, severity: 'critical' })).toMatch(/^severity:/);
  });
});
