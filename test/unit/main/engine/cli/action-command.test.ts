import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../../src/main/engine/cli/args';
import { confirmed, paramPairs, progressBar, typedParams } from '../../../../../src/main/engine/cli/action-command';
import type { ActionPreview } from '../../../../../src/shared/schemas/runbook';

/** What `decisionos action run` does with its --param flags: split them, then type them by the action's schema. */
const parseParams = (pairs: string[], schema: Record<string, unknown> = {}) => typedParams(paramPairs(pairs), schema);

describe('--param pairs', () => {
  it('reads a value as JSON when it parses (numbers, arrays) and as the string typed otherwise', () => {
    expect(parseParams(['n=3', 'ids=["a","b"]', 'code=MISSING_DOC', 'empty=', 'eq=a=b'])).toEqual({
      n: 3,
      ids: ['a', 'b'],
      code: 'MISSING_DOC',
      empty: '',
      eq: 'a=b',
    });
  });

  it("keeps the text typed for a param the action's schema types as a string, so an all-digit id stays a string", () => {
    const schema = { type: 'object', properties: { target: { type: 'string' }, value: { type: 'number' } } };
    expect(parseParams(['target=123', 'value=5', 'other=7'], schema)).toEqual({ target: '123', value: 5, other: 7 });
  });

    it('refuses a pair without a key or an equals sign as a usage error', () => {
    expect(() => parseParams(['novalue'])).toThrow(UsageError);
    expect(() => parseParams(['=3'])).toThrow(UsageError);
  });
});

describe('progressBar', () => {
  it('fills in proportion to done of total, full when there was nothing to do', () => {
    expect(progressBar(5, 10, 10)).toBe('[#####-----] 5/10');
    expect(progressBar(0, 0, 4)).toBe('[####] 0/0');
  });
});

describe('confirmed', () => {
  const preview = (destructive: boolean): ActionPreview => ({
    action_id: 'unblock-tasks',
    summary: 'Unblock 12 task(s)',
    touches: { counts: { tasks: 12 }, ids: [], total: 12 },
    destructive,
    confirm: destructive ? '12' : null,
    params: {},
  });
  const terminal = (answer: string) => {
    const asked: string[] = [];
    return { asked, isTTY: true, ask: async (q: string) => (asked.push(q), answer) };
  };

  it('goes on with --yes without asking, terminal or not', async () => {
    const t = { ...terminal('no'), isTTY: false };
    expect(await confirmed(preview(true), true, t)).toBe(true);
    expect(t.asked).toEqual([]);
  });

  it('without a terminal and without --yes refuses with a usage error naming --yes', async () => {
    await expect(confirmed(preview(false), undefined, { ...terminal('y'), isTTY: false })).rejects.toThrow(/pass --yes/);
  });

  it('asks a destructive action for its count typed, and accepts only that', async () => {
    const right = terminal('12');
    expect(await confirmed(preview(true), undefined, right)).toBe(true);
    expect(right.asked[0]).toContain('Type 12');
    expect(await confirmed(preview(true), undefined, terminal('y'))).toBe(false);
  });

  it('asks y/N for any other action, no by default', async () => {
    expect(await confirmed(preview(false), undefined, terminal('y'))).toBe(true);
    expect(await confirmed(preview(false), undefined, terminal(''))).toBe(false);
  });
});
