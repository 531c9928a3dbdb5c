import type { CheckResult } from '../../../shared/schemas/checks';

/** Each check's verdict with the sentence and the numbers behind it. */
export function CheckResults({ checks }: { checks: readonly CheckResult[] }) {
  return (
    <ul className="check-results" aria-label="Check results">
      {checks.map((c) => (
        <li key={c.id} data-check={c.id} data-status={c.status} className={`check ${c.status}`}>
          <div className="row">
            <span className={`badge check-status ${c.status}`}>{c.status}</span>
            <strong>{c.title}</strong>
            <code className="muted small">{c.id}</code>
          </div>
          <div>{c.summary}</div>
          <dl className="numbers small">
            {Object.entries(c.numbers).map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{v === null ? '—' : String(v)}</dd></div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
