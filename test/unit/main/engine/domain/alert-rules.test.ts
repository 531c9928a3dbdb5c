import { describe, expect, it } from 'vitest';
import { evaluateRule, initialAlertState, pendingWait, pushHistory, type AlertRule, type AlertState, type Sample } from '../../../../../src/main/engine/domain/alert-rules';

const MIN = 60_000;
const lagRule: AlertRule = {
  id: 'decision-lag-p95', metric: 'decision_lag_p95_seconds', type: 'threshold', operator: '>', threshold: 5,
  durationMs: 5 * MIN, severity: 'critical', message: 'Decision lag p95 above 5 s', cooldownMs: 10 * MIN, enabled: true,
};

function run(rule: AlertRule, samples: Sample[], state: AlertState = initialAlertState()) {
  const kinds: string[] = [];
  for (const s of samples) {
    const r = evaluateRule(rule, state, s);
    state = r.state;
    kinds.push(...r.events.map((e) => `${e.kind}@${s.at / MIN}`));
  }
  return { state, kinds };
}

describe('alert rule evaluation (fake clock: sample times)', () => {
  it('fires only after the condition held for the whole duration', () => {
    const { kinds, state } = run(lagRule, [0, 1, 2, 3, 4].map((m) => ({ at: m * MIN, value: 9 })));
    expect(kinds).toEqual(['pending@0']);
    expect(state.status).toBe('pending');
    expect(run(lagRule, [0, 1, 2, 3, 4, 5].map((m) => ({ at: m * MIN, value: 9 }))).kinds).toEqual(['pending@0', 'firing@5']);
  });

  it('goes back to inactive without firing when the condition breaks inside the duration', () => {
    expect(run(lagRule, [{ at: 0, value: 9 }, { at: 3 * MIN, value: 1 }, { at: 6 * MIN, value: 9 }]).kinds).toEqual(['pending@0', 'pending@6']);
  });

  it('resolves when a firing condition stops holding', () => {
    const { kinds, state } = run(lagRule, [{ at: 0, value: 9 }, { at: 5 * MIN, value: 9 }, { at: 6 * MIN, value: 2 }]);
    expect(kinds).toEqual(['pending@0', 'firing@5', 'resolved@6']);
    expect(state.status).toBe('inactive');
  });

  it('respects the cooldown: no second firing within it, fires again after it', () => {
    const samples = [0, 5, 6, 7, 12, 13, 14, 15].map((m) => ({ at: m * MIN, value: m === 6 ? 1 : 9 }));
    // fires at 5, resolves at 6, pending again at 7; held 5 min at 12 but the cooldown (10 min since 5) ends at 15.
    expect(run(lagRule, samples).kinds).toEqual(['pending@0', 'firing@5', 'resolved@6', 'pending@7', 'firing@15']);
  });

  it('fires an absence rule when no sample arrived for the threshold time', () => {
    const stalled: AlertRule = { ...lagRule, id: 'queue-stalled', type: 'absence', threshold: 10 * MIN, durationMs: 0, cooldownMs: 0 };
    const { kinds } = run(stalled, [{ at: 0, value: 4 }, { at: 5 * MIN, value: null }, { at: 10 * MIN, value: null }, { at: 11 * MIN, value: 3 }]);
    expect(kinds).toEqual(['pending@10', 'firing@10', 'resolved@11']);
  });

  it('resolves a firing alert when its rule is disabled', () => {
    const firing = run(lagRule, [{ at: 0, value: 9 }, { at: 5 * MIN, value: 9 }]).state;
    const r = evaluateRule({ ...lagRule, enabled: false }, firing, { at: 6 * MIN, value: 9 });
    expect(r.events.map((e) => e.kind)).toEqual(['resolved']);
  });
});

describe('history', () => {
  it('keeps the newest 200 history entries, newest first', () => {
    let history: number[] = [];
    for (let i = 1; i <= 250; i += 1) history = pushHistory(history, i);
    expect(history).toHaveLength(200);
    expect(history[0]).toBe(250);
    expect(history.at(-1)).toBe(51);
  });
});

describe('what a pending alert waits for', () => {
  it('is the rest of the `for` duration while the condition has held less than that', () => {
    const { state } = run(lagRule, [0, 1, 2].map((m) => ({ at: m * MIN, value: 9 })));
    expect(pendingWait(lagRule, state, 2 * MIN)).toEqual({ waitingFor: 'duration', remainingMs: 3 * MIN });
  });

  it('is the rest of the cooldown when the duration has passed but the rule fired too recently', () => {
    // Fires at 5, resolves at 6, holds again from 7: the duration passes at 12, the cooldown only at 15.
    const samples = [0, 5, 6, 7, 12, 13].map((m) => ({ at: m * MIN, value: m === 6 ? 1 : 9 }));
    const { state, kinds } = run(lagRule, samples);
    expect(kinds).toEqual(['pending@0', 'firing@5', 'resolved@6', 'pending@7']);
    expect(pendingWait(lagRule, state, 13 * MIN)).toEqual({ waitingFor: 'cooldown', remainingMs: 2 * MIN });
  });

  it('is nothing for a rule that is not pending', () => {
    expect(pendingWait(lagRule, initialAlertState(), 0)).toBeNull();
    expect(pendingWait(lagRule, run(lagRule, [0, 5].map((m) => ({ at: m * MIN, value: 9 }))).state, 6 * MIN)).toBeNull();
  });
});
