import type { DecisionView } from '../../../../shared/schemas/decision';
import type { Caller } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { auditEvent } from '../audit-events';
import { newId } from '../ids';

/**
 * Sends a terminal decision back to the queue to be judged again under the active policy. The decision keeps its
 * id and task; its earlier outcome stays on the trace (the SUPERVISOR_* event it had) and the REJUDGED event says
 * which outcome it was and who asked for the new one. False when the decision was no longer terminal or was reviewed.
 */
export async function rejudgeDecision(deps: ServiceDeps, caller: Caller, decision: DecisionView, reason: string): Promise<boolean> {
  const at = deps.clock.now();
  return deps.store.reopenDecision(
    caller.workspaceId,
    decision.decision_id,
    newId('job', at),
    auditEvent('REJUDGED', {
      taskId: decision.task_id,
      decisionId: decision.decision_id,
      actor: caller.name,
      at,
      requestId: caller.requestId,
      decisionType: decision.decision_type,
      payload: {
        action: 'rejudge-decisions',
        reason,
        key_id: caller.keyId,
        old_status: decision.status,
        new_status: 'queued',
        previous: {
          status: decision.status,
          findings: decision.findings,
          risk_score: decision.risk_score,
          policy_version: decision.policy_version,
          policy_hash: decision.policy_hash,
          processed_at: decision.processed_at,
          last_error: decision.last_error,
        },
      },
    }),
  );
}
