import { describe, expect, it } from 'vitest';
import { fromUtcField, SILENCE_PRESETS, toUtcField } from '../../../../../src/renderer/src/components/silence-window';

const now = Date.parse('2026-03-02T22:17:40Z');
const preset = (label: string) => SILENCE_PRESETS.find((p) => p.label === label)?.window(now);

describe('silence windows', () => {
  it('starts every preset now and ends it 1 h, 4 h or at 09:00 UTC the next day', () => {
    expect(preset('1 h')).toEqual({ startsAt: '2026-03-02T22:17', endsAt: '2026-03-02T23:17' });
    expect(preset('4 h')).toEqual({ startsAt: '2026-03-02T22:17', endsAt: '2026-03-03T02:17' });
    expect(preset('Until tomorrow 09:00 UTC')).toEqual({ startsAt: '2026-03-02T22:17', endsAt: '2026-03-03T09:00' });
  });

  it('reads the date-time fields as UTC and refuses what is not a date', () => {
    expect(fromUtcField(toUtcField(now))).toBe('2026-03-02T22:17:00.000Z');
    expect(fromUtcField('')).toBeNull();
    expect(fromUtcField('2026-13-40T99:00')).toBeNull();
    expect(fromUtcField('tomorrow')).toBeNull();
  });

  it('takes a space for the T, as people type a time into a text field', () => {
    expect(fromUtcField(' 2026-03-02 09:30 ')).toBe('2026-03-02T09:30:00.000Z');
  });
});
