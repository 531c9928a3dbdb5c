import { describe, expect, it } from 'vitest';
import { evenSample } from '../../../../../src/main/engine/domain/even-sample';

describe('evenSample', () => {
  it('keeps everything when there are no more than n', () => {
    expect(evenSample([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it('spreads n picks over the whole list, starting at the first', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const picked = evenSample(items, 10);
    expect(picked).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});
