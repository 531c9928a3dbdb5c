import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../../../src/main/engine/cli/progress';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => written.push(s) };
};

describe('progressLine', () => {
  it('draws one self-rewriting line on a terminal and clears it when done', () => {
    const s = stream(true);
    let t = 0;
    const p = progressLine('submitting', s, () => t);
    p.update(1, 4);
    t = 50;
    p.update(2, 4); // under 100 ms since the last draw: skipped
    t = 200;
    p.update(3, 4);
    p.update(4, 4); // the last step is always drawn
    p.finish();
    expect(s.written).toEqual(['\r\x1b[Ksubmitting 1/4 (25%)', '\r\x1b[Ksubmitting 3/4 (75%)', '\r\x1b[Ksubmitting 4/4 (100%)', '\r\x1b[K']);
  });

  it('writes nothing when the stream is not a terminal (pipes, files, CI)', () => {
    const s = stream(false);
    const p = progressLine('submitting', s);
    for (let i = 1; i <= 10; i += 1) p.update(i, 10);
    p.finish();
    expect(s.written).toEqual([]);
  });
});
