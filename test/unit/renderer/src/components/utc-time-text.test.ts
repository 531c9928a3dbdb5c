import { describe, expect, it } from 'vitest';
import { formatUtcText, parseUtcText } from '../../../../../src/renderer/src/components/utc-time-text';

describe('typed UTC times', () => {
  it('reads a date and time as UTC, with a space, a T, seconds, or a date alone', () => {
    expect(parseUtcText('2026-12-03 07:30')).toEqual({ ok: true, iso: '2026-12-03T07:30:00.000Z' });
    expect(parseUtcText(' 2026-12-03T07:30 ')).toEqual({ ok: true, iso: '2026-12-03T07:30:00.000Z' });
    expect(parseUtcText('2026-12-03 07:30:15 UTC')).toEqual({ ok: true, iso: '2026-12-03T07:30:15.000Z' });
    expect(parseUtcText('2026-12-03')).toEqual({ ok: true, iso: '2026-12-03T00:00:00.000Z' });
  });

  it('empty text clears the filter', () => {
    expect(parseUtcText('  ')).toEqual({ ok: true, iso: null });
  });

  it('refuses text that is not a time, and dates that do not exist, with a sentence saying what to type', () => {
    for (const bad of ['yesterday', '03/12/2026 07:30', '2026-12-03 7:30', '2026-02-30 10:00', '2026-13-01 00:00', '2026-12-03 24:00', '2026-12-03 07:60']) {
      const r = parseUtcText(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain(bad);
    }
    const r = parseUtcText('yesterday');
    expect(!r.ok && r.message).toContain('YYYY-MM-DD HH:MM');
  });

  it('shows an ISO instant the way it is typed, and reads it back to the same instant', () => {
    expect(formatUtcText('2026-12-03T07:30:00.000Z')).toBe('2026-12-03 07:30');
    expect(formatUtcText('2026-12-03T09:30:15+02:00')).toBe('2026-12-03 07:30:15');
    expect(formatUtcText(undefined)).toBe('');
    expect(parseUtcText(formatUtcText('2026-12-03T07:30:15.000Z'))).toEqual({ ok: true, iso: '2026-12-03T07:30:15.000Z' });
  });
});
