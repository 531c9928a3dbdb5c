import { describe, expect, it } from 'vitest';
import { rowAfterKey } from '../../../../../src/renderer/src/keyboard/row-keys';

describe('moving between rows with keys', () => {
  it('Down and j move down, Up and k move up, stopping at the ends', () => {
    expect(rowAfterKey('ArrowDown', 0, 3)).toBe(1);
    expect(rowAfterKey('j', 2, 3)).toBe(2);
    expect(rowAfterKey('ArrowUp', 1, 3)).toBe(0);
    expect(rowAfterKey('k', 0, 3)).toBe(0);
  });

  it('Home and End jump to the first and last row; other keys and empty lists are not moves', () => {
    expect(rowAfterKey('Home', 2, 3)).toBe(0);
    expect(rowAfterKey('End', 0, 3)).toBe(2);
    expect(rowAfterKey('a', 0, 3)).toBeNull();
    expect(rowAfterKey('j', 0, 0)).toBeNull();
  });
});
