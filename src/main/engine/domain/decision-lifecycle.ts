import type { DecisionStatus, Finding } from '../../../shared/schemas/decision';
import type { TaskStatus } from '../../../shared/schemas/audit';
import type { AuditEventType } from '../../../shared/schemas/audit';

export type Verdict = 'approved' | 'needs_review' | 'blocked';

/** The policy outcome: any redline blocks; any threshold or anomaly hit asks for review; else approve. */
export function verdictFromFindings(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.kind === 'redline')) return 'blocked';
  if (findings.length > 0) return 'needs_review';
  return 'approved';
}

export const SUPERVISOR_EVENT: Record<Verdict, AuditEventType> = {
  approved: 'SUPERVISOR_APPROVED',
  needs_review: 'SUPERVISOR_NEEDS_REVIEW',
  blocked: 'SUPERVISOR_BLOCKED',
};

const KIND_ORDER = { redline: 0, threshold: 1, anomaly: 2 } as const;
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * Findings ordered by weight: redlines first, then by severity. `findings[0]` is therefore the reason a
 * decision was blocked, which is what the runbooks' SQL reads (`$.decision_snapshot.findings[0].code`).
 */
export function orderFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}

/** What a task's status becomes when one of its decisions reaches a status. */
export function taskStatusFor(status: DecisionStatus): TaskStatus {
  switch (status) {
    case 'queued':
    case 'processing':
      return 'PENDING';
    case 'approved':
      return 'RUNNING';
    case 'needs_review':
      return 'NEEDS_REVIEW';
    case 'blocked':
      return 'BLOCKED';
    case 'failed':
      return 'FAILED';
  }
}

export function isTerminal(status: DecisionStatus): boolean {
  return status !== 'queued' && status !== 'processing';
}
