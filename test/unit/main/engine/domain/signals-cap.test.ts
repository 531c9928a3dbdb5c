import { describe, expect, it } from 'vitest';
import { capSignals } from '../../../../../src/main/engine/domain/signals-cap';

const bytes = (o: unknown) => Buffer.byteLength(JSON.stringify(o));

describe('capSignals', () => {
  it('leaves signals within the cap as they are', () => {
    const signals = { risk_score: 0.2, sanctions_hit: false, sanctions_list: 'OFAC' };
    expect(capSignals(signals, 1024)).toEqual({ signals, dropped: [] });
  });

  it('drops the oversized value, marks it <signal>_truncated, keeps the small ones in their order and stays within the cap', () => {
    const signals = { amount: 120.5, geo_blob: 'x'.repeat(40_000), risk_score: 0.2, geo_available: true };
    const capped = capSignals(signals, 16 * 1024);
    expect(capped.dropped).toEqual(['geo_blob']);
    expect(capped.signals).toEqual({ amount: 120.5, geo_blob_truncated: true, risk_score: 0.2, geo_available: true, signals_truncated: true });
    expect(Object.keys(capped.signals)).toEqual(['amount', 'geo_blob_truncated', 'risk_score', 'geo_available', 'signals_truncated']);
  });

  it('drops the largest values first until the rest fits', () => {
    const signals = { a: 'a'.repeat(600), b: 'b'.repeat(300), c: 'c'.repeat(100), d: 1 };
    const capped = capSignals(signals, 700);
    expect(capped.dropped).toEqual(['a']);
    expect(capped.signals).toMatchObject({ a_truncated: true, b: signals.b, c: signals.c, d: 1 });
    expect(bytes(capped.signals)).toBeLessThanOrEqual(700);
  });

  it('stays within the cap when many small values are over it (markers only while they fit, in UTF-8 bytes)', () => {
    const signals = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`upstream_f${i}`, 'é'.repeat(3)]));
    const capped = capSignals(signals, 2_048);
    expect(bytes(capped.signals)).toBeLessThanOrEqual(2_048);
    expect(capped.signals.signals_truncated).toBe(true);
    expect(capped.dropped.length).toBeGreaterThan(2_900);
  });
});
