import type { DecisionView } from '../../../shared/schemas/decision';
import { api } from '../api/transport';
import { runAction } from '../api/run-action';
import { confirm } from '../stores/confirm';
import { useCanRun } from '../stores/session';

/** Approve and Reject on a needs_review decision's own page; a rejection asks for a note. Both are audited. */
export function VerdictButtons({ decision }: { decision: DecisionView }) {
  const canReview = useCanRun('reviewDecision');
  if (decision.status !== 'needs_review' || !canReview) return null;
  const decide = async (verdict: 'approve' | 'reject') => {
    const answer = await confirm(
      verdict === 'approve'
        ? { title: 'Approve this decision?', body: 'The decision is approved and its task runs on.', confirmLabel: 'Approve' }
        : { title: 'Reject this decision?', body: 'The decision becomes blocked and the task stays blocked.', confirmLabel: 'Reject', reasonLabel: 'Note', danger: true },
    );
    if (!answer.confirmed) return;
    await runAction(verdict === 'approve' ? 'Approve' : 'Reject', () => api.reviewDecision({ decision_id: decision.decision_id, verdict, ...(answer.reason ? { note: answer.reason } : {}) }), 'decisions', (r) => ({
      message: `${verdict === 'approve' ? 'Approved' : 'Rejected'} ${r.decision_id} (audited).`,
      link: { label: 'See the audit event', to: `/tasks/${encodeURIComponent(r.task_id)}?audit=${r.audit_id}` },
    }));
  };
  return (
    <>
      <button className="primary" onClick={() => void decide('approve')}>Approve</button>
      <button onClick={() => void decide('reject')}>Reject</button>
    </>
  );
}
