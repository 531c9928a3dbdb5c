import { describe, expect, it } from 'vitest';
import { BudgetExceededError, EvaluationMeter, type PolicyBudget } from '../../../../../src/main/engine/domain/policy-budget';

const budget: PolicyBudget = { maxSteps: 1_000, maxIterableSize: 10, maxValueSize: 100, maxMillis: 50, maxComprehensionDepth: 3 };
const frozenClock = () => 0;

describe('EvaluationMeter', () => {
  it('allows exactly maxSteps steps and throws on the next one', () => {
    const meter = new EvaluationMeter(budget, frozenClock);
    for (let i = 0; i < 1_000; i += 1) meter.step();
    expect(() => meter.step()).toThrow(BudgetExceededError);
    expect(meter.exceeded?.limit).toBe('maxSteps');
  });

  it('stays exceeded: every later step throws the same error, so a swallowed error cannot let work go on', () => {
    const meter = new EvaluationMeter(budget, frozenClock);
    expect(() => meter.iterate(11)).toThrow(/comprehension over 11 items/);
    const first = meter.exceeded;
    expect(() => meter.step()).toThrow(first as BudgetExceededError);
  });

  it('reads the clock every 256 steps and stops past the wall-clock cap', () => {
    let reads = 0;
    let now = 0;
    const meter = new EvaluationMeter({ ...budget, maxSteps: 1e9 }, () => {
      reads += 1;
      return now;
    });
    for (let i = 0; i < 1_024; i += 1) meter.step();
    expect(reads).toBe(1 + 4);
    now = 51;
    expect(() => {
      for (let i = 0; i < 256; i += 1) meter.step();
    }).toThrow(/longer than 50 ms/);
    expect(meter.exceeded?.limit).toBe('maxMillis');
  });

  it('counts a costly step by its cost', () => {
    const meter = new EvaluationMeter(budget, frozenClock);
    meter.step(999);
    expect(() => meter.step(2)).toThrow(/more than 1000 evaluation steps/);
  });

  it('allows values and iterables up to their caps', () => {
    const meter = new EvaluationMeter(budget, frozenClock);
    meter.iterate(10);
    meter.built(100);
    expect(meter.exceeded).toBeNull();
    expect(() => meter.built(101)).toThrow(/a value of 101 characters or items/);
  });
});
