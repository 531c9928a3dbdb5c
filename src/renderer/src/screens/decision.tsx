import { useOp } from '../api/queries';
import { useEscapeGoesBack } from '../keyboard/go-keys';
import { ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { StatusBadge } from '../components/status-badge';
import { SnapshotView } from '../components/snapshot-view';
import { CopyCurl } from '../components/copy-curl';
import { VerdictButtons } from '../components/verdict-buttons';
import { DecisionEntities, inputEntityLinks } from '../components/entity-link';

export function DecisionScreen({ decisionId }: { decisionId: string }) {
  useEscapeGoesBack();
  const decision = useOp('getDecision', { decision_id: decisionId });
  const d = decision.data;
  return (
    <div className="page">
      <div className="row">
        <h1 className="mono">{decisionId}</h1>
        {d ? <StatusBadge status={d.status} /> : null}
        <CopyCurl path={`/api/governance/decisions/${encodeURIComponent(decisionId)}`} />
        {d ? <VerdictButtons decision={d} /> : null}
      </div>
      {decision.error ? <ErrorState error={decision.error} /> : null}
      {d ? (
        <>
          <div className="row muted">
            {d.decision_type} · <DecisionEntities decision={d} /> · task <Link to={`/tasks/${encodeURIComponent(d.task_id)}`}>{d.task_id}</Link> · policy v{d.policy_version ?? '—'} · risk {d.risk_score ?? '—'} ·
            lag {d.lag_ms === null ? '—' : `${Math.round(d.lag_ms)} ms`} · attempts {d.attempts}
          </div>
          {d.last_error ? <div className="error">Last error: {d.last_error}</div> : null}
          {d.review ? <div>Reviewed: {d.review.verdict} by {d.review.reviewer}{d.review.note ? ` — ${d.review.note}` : ''}</div> : null}
          <section>
            <h2 className="section-title">Findings</h2>
            {d.findings.length === 0 ? <div className="muted">No rule hit.</div> : null}
            <ul>{d.findings.map((f) => <li key={f.rule_id + f.code}><code>{f.code}</code> ({f.severity}, {f.kind}, rule {f.rule_id}): {f.message}</li>)}</ul>
          </section>
          <section>
            <h2 className="section-title">Signals and inputs</h2>
            <SnapshotView snapshot={{ signals: d.signals, inputs: d.inputs }} linkFor={inputEntityLinks(d.decision_type)} />
          </section>
        </>
      ) : null}
    </div>
  );
}
