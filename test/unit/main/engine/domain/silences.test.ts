import { describe, expect, it } from 'vitest';
import { expireSilence, isSilenced, matchersFromRecord, silenceMatches, silenceProblem, silenceState, START_TOLERANCE_MS, type Silence, type SilenceMatcher } from '../../../../../src/main/engine/domain/silences';

const MIN = 60_000;
const labels = { alertname: 'decision-lag-p95', severity: 'critical', metric: 'decision_lag_p95_ms' };
const silence = (over: Partial<Silence> = {}): Silence => ({
  id: 's1', matchers: [{ label: 'alertname', op: '=', value: 'decision-lag-p95' }, { label: 'severity', op: '=', value: 'critical' }],
  startsAt: 0, endsAt: 10 * MIN, comment: 'known backlog', createdBy: 'ana', ...over,
});

describe('silences', () => {
  it('mutes an alert whose labels match every matcher, only inside the silence window', () => {
    expect(isSilenced(labels, [silence()], 5 * MIN)?.id).toBe('s1');
    expect(isSilenced(labels, [silence()], 10 * MIN)).toBeNull();
    expect(isSilenced({ ...labels, alertname: 'other' }, [silence()], 5 * MIN)).toBeNull();
  });

  it('mutes nothing before a scheduled start: pending, then active, then expired', () => {
    const scheduled = silence({ startsAt: 60 * MIN, endsAt: 120 * MIN });
    expect(silenceState(scheduled, 30 * MIN)).toBe('pending');
    expect(isSilenced(labels, [scheduled], 30 * MIN)).toBeNull();
    expect(silenceState(scheduled, 60 * MIN)).toBe('active');
    expect(isSilenced(labels, [scheduled], 60 * MIN)?.id).toBe('s1');
    expect(silenceState(scheduled, 120 * MIN)).toBe('expired');
  });

  it('matches a regex against the whole label value, as Alertmanager anchors it', () => {
    const byRegex = silence({ matchers: [{ label: 'alertname', op: '=~', value: 'decision-.*|queue-.*' }] });
    expect(isSilenced(labels, [byRegex], MIN)?.id).toBe('s1');
    expect(isSilenced({ ...labels, alertname: 'queue-depth-high' }, [byRegex], MIN)?.id).toBe('s1');
    expect(isSilenced({ ...labels, alertname: 'my-decision-lag' }, [byRegex], MIN)).toBeNull();
  });

  it('refuses an end before the start, a start too far in the past and a regex RE2 cannot compile', () => {
    const now = 100 * MIN;
    expect(silenceProblem({ ...silence(), startsAt: now + 10 * MIN, endsAt: now + 5 * MIN }, now)).toMatch(/^ends_at: .*after it starts/);
    expect(silenceProblem({ ...silence(), startsAt: now - START_TOLERANCE_MS - 1, endsAt: now + MIN }, now)).toMatch(/^starts_at:/);
    expect(silenceProblem({ ...silence(), startsAt: now - START_TOLERANCE_MS + 1, endsAt: now + MIN }, now)).toBeNull();
    expect(silenceProblem({ matchers: [{ label: 'alertname', op: '=~', value: '(a)\\1' }], startsAt: now, endsAt: now + MIN }, now)).toMatch(/^matchers: .*RE2/);
  });

  it('expiring a pending silence means it never starts', () => {
    const expired = expireSilence(silence({ startsAt: 60 * MIN, endsAt: 120 * MIN }), 30 * MIN);
    expect(silenceState(expired, 30 * MIN)).toBe('expired');
    expect(isSilenced(labels, [expired], 90 * MIN)).toBeNull();
  });

  describe('matchers on any label, with Alertmanager\'s four operators (a missing label is "")', () => {
    const payments = { ...labels, team: 'payments', service: 'ledger' };
    const holds = (m: SilenceMatcher, l: Record<string, string>) => silenceMatches({ matchers: [m] }, l);

    it('= equals, and on a missing label only matches the empty string', () => {
      expect(holds({ label: 'team', op: '=', value: 'payments' }, payments)).toBe(true);
      expect(holds({ label: 'team', op: '=', value: 'payments' }, { ...payments, team: 'risk' })).toBe(false);
      expect(holds({ label: 'team', op: '=', value: 'payments' }, labels)).toBe(false);
    });

    it('!= differs, and holds for a missing label', () => {
      expect(holds({ label: 'team', op: '!=', value: 'payments' }, payments)).toBe(false);
      expect(holds({ label: 'team', op: '!=', value: 'payments' }, { ...payments, team: 'risk' })).toBe(true);
      expect(holds({ label: 'team', op: '!=', value: 'payments' }, labels)).toBe(true);
    });

    it('=~ matches the whole value, and a missing label only when the regex matches ""', () => {
      expect(holds({ label: 'service', op: '=~', value: 'led.*' }, payments)).toBe(true);
      expect(holds({ label: 'service', op: '=~', value: 'led' }, payments)).toBe(false);
      expect(holds({ label: 'service', op: '=~', value: 'led.*' }, labels)).toBe(false);
      expect(holds({ label: 'service', op: '=~', value: 'ledger|' }, labels)).toBe(true);
    });

    it('!~ is the negation of =~ on the whole value, and holds for a missing label', () => {
      expect(holds({ label: 'service', op: '!~', value: 'led.*' }, payments)).toBe(false);
      expect(holds({ label: 'service', op: '!~', value: 'led' }, payments)).toBe(true);
      expect(holds({ label: 'service', op: '!~', value: 'led.*' }, labels)).toBe(true);
    });

    it('mutes only the alerts of the rule whose own label matches, all matchers together', () => {
      const s = silence({ matchers: [{ label: 'team', op: '=', value: 'payments' }, { label: 'severity', op: '!=', value: 'critical' }] });
      expect(isSilenced({ ...payments, severity: 'warning' }, [s], MIN)?.id).toBe('s1');
      expect(isSilenced(payments, [s], MIN)).toBeNull();
      expect(isSilenced({ ...labels, severity: 'warning' }, [s], MIN)).toBeNull();
    });

    it('reads the older {label: value} form as equality matchers on any label', () => {
      expect(matchersFromRecord({ alertname: 'x', team: 'payments' })).toEqual([{ label: 'alertname', op: '=', value: 'x' }, { label: 'team', op: '=', value: 'payments' }]);
    });

    it('refuses a bad regex for !~ too, and matchers that would all hold for an alert without those labels', () => {
      const now = 100 * MIN;
      expect(silenceProblem({ matchers: [{ label: 'team', op: '!~', value: '(?=x)' }], startsAt: now, endsAt: now + MIN }, now)).toMatch(/^matchers: team!~\(\?=x\) is not a valid RE2 regex/);
      expect(silenceProblem({ matchers: [{ label: 'team', op: '!=', value: 'payments' }], startsAt: now, endsAt: now + MIN }, now)).toMatch(/^matchers: at least one matcher must not match an empty/);
      expect(silenceProblem({ matchers: [{ label: 'team', op: '!=', value: 'payments' }, { label: 'service', op: '=', value: 'ledger' }], startsAt: now, endsAt: now + MIN }, now)).toBeNull();
    });
  });
});
