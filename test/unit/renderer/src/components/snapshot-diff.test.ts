import { describe, expect, it } from 'vitest';
import { diffSnapshots, flatten } from '../../../../../src/renderer/src/components/snapshot-diff';

describe('snapshot diff', () => {
  it('flattens nested objects and arrays to key paths', () => {
    expect(flatten({ a: { b: [1, { c: 2 }] }, d: [], e: {} })).toEqual({ 'a.b[0]': 1, 'a.b[1].c': 2, d: [], e: {} });
  });

  it('marks what a pipeline step added, changed and removed', () => {
    const queued = { status: 'queued', signals: null, findings: [], timings: { processed_at: null } };
    const judged = { status: 'blocked', signals: { amount_zscore: 4.2 }, findings: [{ code: 'amount_over_hard_limit' }], timings: { processed_at: '2026-11-24T10:00:00.000Z' } };
    const d = diffSnapshots(queued, judged);
    expect(d.get('status')).toBe('changed');
    expect(d.get('signals.amount_zscore')).toBe('added');
    expect(d.get('signals')).toBe('removed');
    expect(d.get('findings[0].code')).toBe('added');
    expect(d.get('timings.processed_at')).toBe('changed');
  });

  it('reports nothing for equal snapshots and everything as added from nothing', () => {
    expect(diffSnapshots({ a: 1 }, { a: 1 }).size).toBe(0);
    expect([...diffSnapshots(undefined, { a: 1, b: { c: 2 } }).values()]).toEqual(['added', 'added']);
  });
});
