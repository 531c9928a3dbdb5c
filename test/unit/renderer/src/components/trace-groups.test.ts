import { describe, expect, it } from 'vitest';
import type { AuditEventView } from '../../../../../src/shared/schemas/audit';
import type { JsonObject } from '../../../../../src/shared/schemas/common';
import { findStepRow, groupTrace, parseTypes, typesIn } from '../../../../../src/renderer/src/components/trace-groups';

let seq = 0;
function event(event_type: string, decision_id: string | null, status?: string, payload: JsonObject = {}): AuditEventView {
  seq += 1;
  return {
    audit_id: `aud_${seq}`, seq, task_id: 't-1', decision_id, event_type, actor: null,
    created_at: '2026-11-24T10:00:00.000Z', source_event_ts: null, supervisor_processed_at: null,
    payload: status ? { decision_snapshot: { status }, ...payload } : payload,
  };
}

// Two interleaved calls of an agent session: one blocked, one sent to review and approved by a reviewer.
const trace = [
  event('RECEIVED', 'dec_1', 'queued'),
  event('RECEIVED', 'dec_2', 'queued'),
  event('SIGNALS_COMPUTED', 'dec_1', 'processing'),
  event('SUPERVISOR_BLOCKED', 'dec_1', 'blocked'),
  event('SUPERVISOR_NEEDS_REVIEW', 'dec_2', 'needs_review'),
  event('REVIEW_APPROVED', 'dec_2', undefined, { previous_status: 'needs_review', new_status: 'approved' }),
  event('MANUAL_UNBLOCK', null, undefined, { previous_status: 'BLOCKED', new_status: 'RUNNING' }),
];

describe('trace grouped by decision', () => {
  it('lists each decision under a header with its final outcome, its steps in trace order, coloured by the outcome each produced', () => {
    expect(groupTrace(trace)).toEqual([
      { kind: 'decision', decisionId: 'dec_1', outcome: 'blocked', steps: 3 },
      { kind: 'step', index: 0, outcome: undefined },
      { kind: 'step', index: 2, outcome: undefined },
      { kind: 'step', index: 3, outcome: 'blocked' },
      { kind: 'decision', decisionId: 'dec_2', outcome: 'approved', steps: 3 },
      { kind: 'step', index: 1, outcome: undefined },
      { kind: 'step', index: 4, outcome: 'needs_review' },
      { kind: 'step', index: 5, outcome: 'approved' },
      { kind: 'decision', decisionId: null, outcome: undefined, steps: 1 },
      { kind: 'step', index: 6, outcome: undefined },
    ]);
  });

  it('shows a decision as still open when a later step took it back to the queue', () => {
    const retried = [event('SUPERVISOR_BLOCKED', 'dec_9', 'blocked'), event('RETRY_SCHEDULED', 'dec_9', 'queued')];
    expect(groupTrace(retried)[0]).toEqual({ kind: 'decision', decisionId: 'dec_9', outcome: undefined, steps: 2 });
  });

  it('lists only the steps of the picked event types, with headers only for decisions that have one', () => {
    const rows = groupTrace(trace, new Set(['SUPERVISOR_BLOCKED', 'REVIEW_APPROVED']));
    expect(rows).toEqual([
      { kind: 'decision', decisionId: 'dec_1', outcome: 'blocked', steps: 1 },
      { kind: 'step', index: 3, outcome: 'blocked' },
      { kind: 'decision', decisionId: 'dec_2', outcome: 'approved', steps: 1 },
      { kind: 'step', index: 5, outcome: 'approved' },
    ]);
  });

  it('reads the type filter from the URL, ignoring unknown types', () => {
    expect(parseTypes('SUPERVISOR_BLOCKED,REVIEW_APPROVED')).toEqual(new Set(['SUPERVISOR_BLOCKED', 'REVIEW_APPROVED']));
    expect(parseTypes('NOPE')).toBeUndefined();
    expect(parseTypes(undefined)).toBeUndefined();
  });

  it('offers the event types the trace holds, in pipeline order', () => {
    expect(typesIn(trace)).toEqual(['RECEIVED', 'SIGNALS_COMPUTED', 'SUPERVISOR_NEEDS_REVIEW', 'SUPERVISOR_BLOCKED', 'REVIEW_APPROVED', 'MANUAL_UNBLOCK']);
  });

  it('finds the next and previous blocked step in the listed order', () => {
    const blocked = [event('SUPERVISOR_BLOCKED', 'dec_a', 'blocked'), event('RECEIVED', 'dec_b', 'queued'), event('SUPERVISOR_BLOCKED', 'dec_b', 'blocked')];
    const rows = groupTrace(blocked);
    // rows: [header a, step 0, header b, step 1, step 2]
    expect(findStepRow(rows, blocked, -1, 1, 'SUPERVISOR_BLOCKED')).toBe(1);
    expect(findStepRow(rows, blocked, 1, 1, 'SUPERVISOR_BLOCKED')).toBe(4);
    expect(findStepRow(rows, blocked, 4, 1, 'SUPERVISOR_BLOCKED')).toBe(-1);
    expect(findStepRow(rows, blocked, 4, -1, 'SUPERVISOR_BLOCKED')).toBe(1);
  });
});
