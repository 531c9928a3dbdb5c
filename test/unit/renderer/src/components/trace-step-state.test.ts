import { describe, expect, it } from 'vitest';
import type { AuditEventView } from '../../../../../src/shared/schemas/audit';
import type { JsonObject } from '../../../../../src/shared/schemas/common';
import { stepState, statusAfter, verdictOf } from '../../../../../src/renderer/src/components/trace-step-state';
import { diffSnapshots } from '../../../../../src/renderer/src/components/snapshot-diff';

let seq = 0;
function event(event_type: string, decision_id: string | null, payload: JsonObject, actor: string | null = null): AuditEventView {
  seq += 1;
  return {
    audit_id: `aud_${seq}`, seq, task_id: 't-1', decision_id, event_type, actor,
    created_at: `2026-11-24T10:00:${String(seq).padStart(2, '0')}.000Z`, source_event_ts: null, supervisor_processed_at: null, payload,
  };
}
const snapshot = (decision_id: string, status: string, extra: Record<string, unknown> = {}) => ({
  decision_snapshot: { decision_id, status, inputs: { amount: 10 }, findings: [], ...extra },
});
const review = { verdict: 'approve', reviewer: 'ana', note: 'known customer', reviewed_at: '2026-11-24T10:05:00.000Z' };

describe('trace step state', () => {
  const trail = [
    event('RECEIVED', 'dec_a', snapshot('dec_a', 'queued')),
    event('RECEIVED', 'dec_b', snapshot('dec_b', 'queued')),
    event('SUPERVISOR_NEEDS_REVIEW', 'dec_a', snapshot('dec_a', 'needs_review', { findings: [{ code: 'amount_over_soft_limit' }] })),
    event('REVIEW_APPROVED', 'dec_a', { review, previous_status: 'needs_review', new_status: 'approved', key_id: 'k1' }, 'ana'),
    event('REVIEW_UNDONE', 'dec_a', { undone: review, previous_status: 'approved', new_status: 'needs_review', key_id: 'k1' }, 'ana'),
    event('RUNBOOK_ACTION', 'dec_a', { action: 'note' }, 'ops'),
    event('SUPERVISOR_APPROVED', 'dec_a', snapshot('dec_a', 'approved', { findings: [{ code: 'amount_over_soft_limit' }] })),
  ];

  it('shows a review step as its verdict and marks nothing of the decision removed', () => {
    const state = stepState(trail, 3);
    expect(state).toEqual({
      kind: 'action',
      verdict: { verdict: 'approve', undone: false, reviewer: 'ana', note: 'known customer', from: 'needs_review', to: 'approved' },
    });
  });

  it('shows an undo as the verdict it took back, by whom, and the status it restored', () => {
    expect(verdictOf(trail[4] as AuditEventView)).toEqual({ verdict: 'approve', undone: true, reviewer: 'ana', note: 'known customer', from: 'approved', to: 'needs_review' });
  });

  it('diffs a pipeline step with the same decision’s last snapshot, skipping other decisions and actions in between', () => {
    const state = stepState(trail, 6);
    expect(state?.kind).toBe('snapshot');
    if (state?.kind !== 'snapshot') return;
    expect(state.previous).toEqual(trail[2]?.payload.decision_snapshot);
    const changes = diffSnapshots(state.previous, state.snapshot);
    expect([...changes.values()]).not.toContain('removed');
    expect(changes.get('status')).toBe('changed');
  });

  it('has nothing to compare the first step of a decision with', () => {
    const state = stepState(trail, 1);
    expect(state).toEqual({ kind: 'snapshot', snapshot: trail[1]?.payload.decision_snapshot, previous: undefined });
  });

  it('reads the status a step left the decision in from the review or the snapshot', () => {
    expect(trail.map(statusAfter)).toEqual(['queued', 'queued', 'needs_review', 'approved', 'needs_review', undefined, 'approved']);
    expect(statusAfter(event('MANUAL_UNBLOCK', null, { previous_status: 'BLOCKED', new_status: 'RUNNING' }))).toBeUndefined();
  });
});
