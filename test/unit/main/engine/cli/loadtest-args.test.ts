import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { MAX_RATE, parseDuration, parseMaxInFlight, parseRate } from '../../../../../src/main/engine/cli/loadtest-args';

describe('loadtest arguments', () => {
  it('takes a whole rate from 1 to the cap', () => {
    expect(parseRate('1')).toBe(1);
    expect(parseRate(String(MAX_RATE))).toBe(MAX_RATE);
  });

  it.each(['0', '-5', '2.5', 'ten', '', String(MAX_RATE + 1), '1e9', '99999999999999999999'])('refuses the rate %j', (v) => {
    expect(() => parseRate(v)).toThrow(InvalidArgumentError);
  });

  it('reads durations in ms, s, m and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('3')).toBe(3000);
  });

  it.each(['0', '0s', '-1s', 's', '2 s', '2h', '61m', 'soon', '', '1e3'])('refuses the duration %j', (v) => {
    expect(() => parseDuration(v)).toThrow(/--duration must be/);
  });

  it('bounds the in-flight cap', () => {
    expect(parseMaxInFlight('1')).toBe(1);
    expect(() => parseMaxInFlight('0')).toThrow(InvalidArgumentError);
    expect(() => parseMaxInFlight('100001')).toThrow(InvalidArgumentError);
  });
});
