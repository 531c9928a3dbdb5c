import type { DecisionStatus } from '../../../shared/schemas/decision';

export function StatusBadge({ status }: { status: DecisionStatus | string }) {
  return <span className={`badge ${status}`}>{status.replace('_', ' ')}</span>;
}
