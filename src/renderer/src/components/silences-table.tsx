import type { SilenceMatcher, SilenceView } from '../../../shared/schemas/alerts';
import { formatTime } from './format';

export const describeMatchers = (matchers: readonly SilenceMatcher[]) => matchers.map((m) => `${m.label}${m.op}${m.value}`).join(', ');

/** Silences, pending first, then active, then expired: a table with headers; pending and active ones can be expired. */
export function SilencesTable({ silences, canExpire, onExpire }: { silences: SilenceView[]; canExpire: boolean; onExpire(s: SilenceView): void }) {
  return (
    <div className="table">
      <table className="data silences" aria-label="Silences">
        <colgroup><col className="state" /><col /><col className="time" /><col className="time" /><col className="who" /><col /><col className="action" /></colgroup>
        <thead>
          <tr><th scope="col">State</th><th scope="col">Matchers</th><th scope="col">Starts (UTC)</th><th scope="col">Ends (UTC)</th><th scope="col">Created by</th><th scope="col">Comment</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
        </thead>
        <tbody>
          {silences.map((s) => (
            <tr key={s.id} data-silence={s.id} data-state={s.state} className={s.state === 'expired' ? 'muted' : ''}>
              <td><span className={`badge silence-state ${s.state}`}>{s.state}</span></td>
              <td className="mono" title={describeMatchers(s.matchers)}>{describeMatchers(s.matchers)}</td>
              <td>{formatTime(s.starts_at)}</td>
              <td>{formatTime(s.ends_at)}</td>
              <td>{s.created_by}</td>
              <td title={s.comment}>{s.comment}</td>
              <td>{canExpire && s.state !== 'expired' ? <button onClick={() => onExpire(s)} aria-label={`Expire silence ${describeMatchers(s.matchers)}`}>Expire now</button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
