import { describe, expect, it } from 'vitest';
import { ReportWindow, TRUST_WINDOW_REPORTS, reportOutcome, trustSignals } from '../../../../../src/main/engine/domain/affiliate-trust';

describe('affiliate trust: report outcome', () => {
  it('is missing without a report, overclaimed past the 0.1 tolerance, else clean', () => {
    expect(reportOutcome(0, true)).toBe('missing');
    expect(reportOutcome(0.1, false)).toBe('clean');
    expect(reportOutcome(0.1001, false)).toBe('overclaimed');
  });
});

describe('affiliate trust: ReportWindow', () => {
  it(`keeps the last ${TRUST_WINDOW_REPORTS} reports, so old overclaims roll out and the score recovers`, () => {
    const window = new ReportWindow();
    for (let i = 0; i < 10; i += 1) window.record('aff', `bad-${i}`, 'overclaimed');
    let tally = window.record('aff', 'clean-0', 'clean');
    expect(tally).toEqual({ reports: 11, overclaimed: 10, missing: 0 });
    for (let i = 1; i < TRUST_WINDOW_REPORTS; i += 1) tally = window.record('aff', `clean-${i}`, 'clean');
    expect(tally).toEqual({ reports: TRUST_WINDOW_REPORTS, overclaimed: 0, missing: 0 });
  });

  it('adds a report id it already holds only once', () => {
    const window = new ReportWindow(3);
    window.record('aff', 'd-1', 'missing');
    expect(window.record('aff', 'd-1', 'missing')).toEqual({ reports: 1, overclaimed: 0, missing: 1 });
  });
});

describe('affiliate trust: signals', () => {
  it('gives the clean share as the score and both shares rounded to three places', () => {
    expect(trustSignals({ reports: 3, overclaimed: 1, missing: 1 })).toEqual({
      affiliate_trust_score: 0.333,
      affiliate_overclaimed_share: 0.333,
      affiliate_missing_share: 0.333,
      affiliate_trust_reports: 3,
    });
  });

  it('trusts fully an affiliate with no report yet', () => {
    expect(trustSignals({ reports: 0, overclaimed: 0, missing: 0 }).affiliate_trust_score).toBe(1);
  });
});
