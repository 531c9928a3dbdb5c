import { describe, expect, it } from 'vitest';
import { nextBatchSize } from '../../../../../src/main/engine/domain/batch-sizing';

const sizing = { targetMs: 20, start: 100, min: 10, max: 10_000, growth: 2 };

describe('nextBatchSize', () => {
  it('grows a fast batch at most by the growth factor', () => {
    expect(nextBatchSize(sizing, 100, 1)).toBe(200);
    expect(nextBatchSize(sizing, 100, 0)).toBe(200);
  });

  it('fits the batch to the target from the measured rate once growth allows', () => {
    expect(nextBatchSize(sizing, 1_000, 16)).toBe(1_250);
  });

  it('shrinks a batch that ran over the target in proportion', () => {
    expect(nextBatchSize(sizing, 1_000, 80)).toBe(250);
  });

  it('stays within min and max', () => {
    expect(nextBatchSize(sizing, 20, 1_000)).toBe(10);
    expect(nextBatchSize(sizing, 8_000, 1)).toBe(10_000);
  });
});
