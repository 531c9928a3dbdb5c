import { describe, expect, it } from 'vitest';
import { retryDelayMs, shouldRetry } from '../../../../../src/main/engine/domain/backoff';
import type { RetryPolicy } from '../../../../../src/main/engine/domain/backoff';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2_000 };
const one = () => 1;
const zero = () => 0;

describe('retryDelayMs', () => {
  it('never exceeds maxDelayMs, whatever the attempt and the random draw', () => {
    for (let attempt = 0; attempt <= 200; attempt += 1) {
      for (const r of [0, 0.25, 0.5, 0.999, 1]) {
        expect(retryDelayMs(attempt, policy, () => r)).toBeLessThanOrEqual(policy.maxDelayMs);
      }
    }
  });

  it('grows with the attempt when random returns 1, until the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, policy, one));
    for (let i = 1; i < delays.length; i += 1) {
      expect(delays[i] as number).toBeGreaterThanOrEqual(delays[i - 1] as number);
    }
    expect(delays[1] as number).toBeGreaterThan(delays[0] as number);
    expect(delays.at(-1)).toBe(policy.maxDelayMs);
  });

  it('doubles from the base delay on each attempt', () => {
    expect(retryDelayMs(1, policy, one)).toBe(policy.baseDelayMs);
    expect(retryDelayMs(2, policy, one)).toBe(policy.baseDelayMs * 2);
    expect(retryDelayMs(3, policy, one)).toBe(policy.baseDelayMs * 4);
  });

  it('is 0 when random returns 0', () => {
    for (const attempt of [0, 1, 2, 10, 100]) {
      expect(retryDelayMs(attempt, policy, zero)).toBe(0);
    }
  });

  it('scales the ceiling by the random draw (full jitter)', () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(Math.round((policy.baseDelayMs * 4) / 2));
  });

  it('uses Math.random by default and stays within bounds', () => {
    for (let i = 0; i < 100; i += 1) {
      const d = retryDelayMs(4, policy);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(policy.baseDelayMs * 8);
    }
  });
});

describe('shouldRetry', () => {
  it('retries while the attempt is below maxAttempts', () => {
    expect(shouldRetry(1, policy)).toBe(true);
    expect(shouldRetry(policy.maxAttempts - 1, policy)).toBe(true);
  });

  it('stops at maxAttempts and beyond', () => {
    expect(shouldRetry(policy.maxAttempts, policy)).toBe(false);
    expect(shouldRetry(policy.maxAttempts + 1, policy)).toBe(false);
  });
});
