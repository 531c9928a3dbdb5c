import { useState } from 'react';
import { ALERT_LABELS, MAX_SILENCE_MATCHERS, type MatcherOp, type SilenceMatcher } from '../../../shared/schemas/alerts';
import { api } from '../api/transport';
import { ApiError } from '../api/client';
import { invalidate, useOp } from '../api/queries';
import { toast } from '../stores/toasts';
import { formatTime } from './format';
import { fromUtcField, SILENCE_PRESETS, type SilenceWindow } from './silence-window';

const OPS: { op: MatcherOp; label: string }[] = [
  { op: '=', label: '=' },
  { op: '!=', label: '!= (not)' },
  { op: '=~', label: '=~ (regex)' },
  { op: '!~', label: '!~ (not regex)' },
];

/**
 * Alertmanager's "New silence": matchers (any label: the engine's or a rule's own; =, !=, =~, !~), a window picked here (presets or an explicit
 * start and end in UTC; a later start schedules it), and a comment. The engine's refusal is shown in place.
 */
export function NewSilenceDialog({ matchers: initial, onClose }: { matchers: SilenceMatcher[]; onClose(): void }) {
  const [matchers, setMatchers] = useState<SilenceMatcher[]>(initial);
  const [window, setWindow] = useState<SilenceWindow>(() => SILENCE_PRESETS[0].window(Date.now()));
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Suggested label names: the engine's and the rules' own (any valid label name may be typed).
  const rules = useOp('listAlertRules', {});
  const labelNames = [...new Set([...ALERT_LABELS, ...(rules.data ?? []).flatMap((r) => Object.keys(r.labels ?? {}))])];

  const startsAt = fromUtcField(window.startsAt);
  const endsAt = fromUtcField(window.endsAt);
  const valid = startsAt !== null && endsAt !== null && comment.trim().length >= 3 && matchers.length > 0 && matchers.every((m) => m.label.trim() !== '' && m.value.trim() !== '');
  const change = (i: number, patch: Partial<SilenceMatcher>) => setMatchers(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const create = async () => {
    if (!valid) return;
    setBusy(true);
    setProblem(null);
    // A start that has passed while the dialog was open means "now": the engine starts it on arrival.
    const scheduled = Date.parse(startsAt) > Date.now() ? { starts_at: startsAt } : {};
    try {
      const s = await api.createSilence({ matchers, ...scheduled, ends_at: endsAt, comment: comment.trim() });
      await invalidate('alerts');
      onClose();
      toast({
        kind: 'success',
        message: s.state === 'pending' ? `Silence scheduled from ${formatTime(s.starts_at)} UTC.` : `Silenced until ${formatTime(s.ends_at)} UTC.`,
        link: { label: 'See it on the timeline', to: '/timeline?kinds=alert' },
      });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog silence-dialog" role="dialog" aria-modal="true" aria-label="New silence">
        <strong>New silence</strong>
        <div className="muted">Mutes notifications of alerts whose labels match every matcher (=~ and !~ are RE2 regexes on the whole value; a label an alert lacks is empty). Alerts keep firing and stay in the history.</div>
        <datalist id="silence-label-names">{labelNames.map((l) => <option key={l} value={l}>{l === 'alertname' ? 'alertname (rule id)' : l}</option>)}</datalist>
        <fieldset aria-label="Matchers">
          <legend>Matchers</legend>
          {matchers.map((m, i) => (
            <div className="row" key={i}>
              <input aria-label={`Matcher ${i + 1} label`} className="mono" list="silence-label-names" size={12} value={m.label} onChange={(e) => change(i, { label: e.target.value.trim() })} />
              <select aria-label={`Matcher ${i + 1} operator`} value={m.op} onChange={(e) => change(i, { op: e.target.value as MatcherOp })}>
                {OPS.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
              </select>
              <input aria-label={`Matcher ${i + 1} value`} className="mono" value={m.value} onChange={(e) => change(i, { value: e.target.value })} />
              <button aria-label={`Remove matcher ${i + 1}`} disabled={matchers.length === 1} onClick={() => setMatchers(matchers.filter((_, j) => j !== i))}>×</button>
            </div>
          ))}
          <button disabled={matchers.length >= MAX_SILENCE_MATCHERS} onClick={() => setMatchers([...matchers, { label: 'severity', op: '=', value: '' }])}>Add matcher</button>
        </fieldset>
        <fieldset aria-label="When">
          <legend>When (UTC)</legend>
          <div className="row">
            {SILENCE_PRESETS.map((p) => <button key={p.label} onClick={() => setWindow(p.window(Date.now()))}>{p.label}</button>)}
          </div>
          <div className="row">
            {/* Text, not datetime-local: one tab stop each, and the value is plainly UTC. */}
            <label>Starts <input className="mono" placeholder="YYYY-MM-DDTHH:MM" size={17} value={window.startsAt} onChange={(e) => setWindow({ ...window, startsAt: e.target.value })} /></label>
            <label>Ends <input className="mono" placeholder="YYYY-MM-DDTHH:MM" size={17} value={window.endsAt} onChange={(e) => setWindow({ ...window, endsAt: e.target.value })} /></label>
          </div>
        </fieldset>
        <label>
          Comment (required)
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} className="wide" />
        </label>
        {problem ? <div className="error" role="alert" aria-label="Silence refused">{problem}</div> : null}
        <div className="row end">
          <button onClick={onClose}>Cancel</button>
          <button className="primary" disabled={!valid || busy} onClick={() => void create()}>Create silence</button>
        </div>
      </div>
    </div>
  );
}
