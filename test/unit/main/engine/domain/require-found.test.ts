import { describe, expect, it } from 'vitest';
import { requireDecision, requireTask } from '../../../../../src/main/engine/domain/require-found';
import { AppError } from '../../../../../src/shared/errors';

describe('requireDecision / requireTask', () => {
  it('pass a found value through unchanged', () => {
    const row = { id: 'x' };
    expect(requireDecision(row, 'x')).toBe(row);
    expect(requireTask(row, 'x')).toBe(row);
  });

  it('answer a missing decision with not_found naming the id', () => {
    for (const missing of [null, undefined]) {
      const error = (() => {
        try {
          requireDecision(missing, 'dec_1');
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect(error?.code).toBe('not_found');
      expect(error?.message).toBe('no decision dec_1');
    }
  });

  it('answer a missing task with not_found naming the id', () => {
    expect(() => requireTask(undefined, 'task_9')).toThrow('no task task_9');
  });

  it('treat falsy but present values as found', () => {
    expect(requireTask(0, 't')).toBe(0);
    expect(requireDecision('', 'd')).toBe('');
  });
});
