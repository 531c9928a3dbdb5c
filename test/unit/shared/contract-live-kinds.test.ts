import { describe, expect, it } from 'vitest';
import { OP_NAMES, contract, type OpDef } from '../../../src/shared/contract';
import { LIVE_EVENT_KINDS } from '../../../src/shared/schemas/events';

const row = (name: (typeof OP_NAMES)[number]): OpDef => contract[name];

describe('live-event kinds on the contract rows', () => {
  it('every write says what it changes and every read what makes it stale, so no screen is forgotten', () => {
    for (const name of OP_NAMES) {
      const op = row(name);
      if (op.method === 'POST') expect([name, Array.isArray(op.changes), op.reads]).toEqual([name, true, undefined]);
      else expect([name, Array.isArray(op.reads), op.changes]).toEqual([name, true, undefined]);
    }
  });

  it('every kind a write changes is read by some operation (else the change reaches no screen)', () => {
    const read = new Set(OP_NAMES.flatMap((name) => row(name).reads ?? []));
    for (const name of OP_NAMES) for (const kind of row(name).changes ?? []) expect([name, kind, read.has(kind)]).toEqual([name, kind, true]);
    for (const kind of LIVE_EVENT_KINDS) expect([kind, read.has(kind)]).toEqual([kind, true]);
  });

  it('a claim is seen by other analysts at once: listing claims is stale when decisions change', () => {
    expect(row('claimDecision').changes).toEqual(['decisions']);
    expect(row('listClaims').reads).toContain('decisions');
  });
});
