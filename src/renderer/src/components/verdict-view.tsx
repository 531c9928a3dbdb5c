import { StatusBadge } from './status-badge';
import type { Verdict } from './trace-step-state';

/** A review step as what happened: who gave which verdict (or took it back), their note, and the status change. */
export function VerdictView({ verdict }: { verdict: Verdict }) {
  return (
    <div className="verdict" aria-label="Verdict">
      <div className="row">
        <strong>{verdict.reviewer}</strong>
        <span>{verdict.undone ? `undid the verdict ${verdict.verdict}` : verdict.verdict === 'approve' ? 'approved' : 'rejected'}</span>
        {verdict.from ? <StatusBadge status={verdict.from} /> : null}
        {verdict.to ? <>→ <StatusBadge status={verdict.to} /></> : null}
      </div>
      <div className={verdict.note ? '' : 'muted'}>{verdict.note ? `“${verdict.note}”` : 'No note.'}</div>
    </div>
  );
}
