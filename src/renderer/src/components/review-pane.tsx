import type { DecisionView } from '../../../shared/schemas/decision';
import type { ReviewClaim } from '../../../shared/schemas/review-claim';
import { Link } from './link';
import { SnapshotView } from './snapshot-view';
import { decisionHeadline } from './decision-headline';
import { formatClock } from './format';
import { DecisionEntities, inputEntityLinks } from './entity-link';

/** The decision under the review cursor: where it comes from, what is at stake, every finding in full, and who holds it. */
export function ReviewPane({ decision, claim, me, canReview, onClaim }: {
  decision: DecisionView;
  claim: ReviewClaim | undefined;
  me: string | null;
  canReview: boolean;
  onClaim(): void;
}) {
  const h = decisionHeadline(decision);
  const mine = claim !== undefined && claim.claimed_by === me;
  return (
    <>
      <dl className="facts">
        <dt>Decision</dt>
        <dd><Link to={`/decisions/${encodeURIComponent(decision.decision_id)}`}><span className="mono">{decision.decision_id}</span></Link></dd>
        <dt>Task</dt>
        <dd><Link to={`/tasks/${encodeURIComponent(decision.task_id)}`}><span className="mono">{decision.task_id}</span></Link></dd>
        <dt>Type</dt>
        <dd>{decision.decision_type}</dd>
        {h.amount ? (<><dt>Amount</dt><dd>{h.amount}</dd></>) : null}
        <dt>Subject</dt>
        <dd><DecisionEntities decision={decision} /></dd>
        <dt>Risk</dt>
        <dd>{decision.risk_score ?? '—'}</dd>
        <dt>Claim</dt>
        <dd>
          {claim ? `${mine ? 'You hold it' : `Held by ${claim.claimed_by}`} until ${formatClock(claim.expires_at)}` : 'Nobody holds it'}{' '}
          {canReview && (!claim || mine) ? <button onClick={onClaim}>{mine ? 'Release (c)' : 'Claim (c)'}</button> : null}
        </dd>
      </dl>
      <section aria-label="Findings">
        {decision.findings.map((f) => (
          <div key={f.rule_id + f.code} className="finding">
            <code>{f.code}</code> <span className={`badge severity ${f.severity}`}>{f.severity}</span> <span className="muted">{f.kind}, rule {f.rule_id}</span>
            <div>{f.message}</div>
          </div>
        ))}
      </section>
      <SnapshotView snapshot={{ signals: decision.signals, inputs: decision.inputs }} linkFor={inputEntityLinks(decision.decision_type)} />
    </>
  );
}
