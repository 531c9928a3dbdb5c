import { useState } from 'react';
import type { AlertRuleView, AlertView, SilenceMatcher, SilenceView } from '../../../shared/schemas/alerts';
import { SERIES } from '../../../shared/schemas/series';
import { api } from '../api/transport';
import { invalidate, useOp } from '../api/queries';
import { runAction } from '../api/run-action';
import { ApiError } from '../api/client';
import { useCanRun } from '../stores/session';
import { useRoute } from '../stores/route';
import { confirm } from '../stores/confirm';
import { toast } from '../stores/toasts';
import { EmptyState, ErrorState } from '../components/feedback';
import { formatTime } from '../components/format';
import { NewSilenceDialog } from '../components/new-silence-dialog';
import { describeMatchers, SilencesTable } from '../components/silences-table';
import { describeCondition, describeLabels } from '../components/alert-condition';

const run = (what: string, call: () => Promise<unknown>, success: string) =>
  runAction(what, call, 'alerts', () => ({ message: success, link: { label: 'See it on the timeline', to: '/timeline?kinds=alert' } }));

/** Firing alerts first (acknowledge, silence), then silences, the rules (edit with validation), history and deliveries. */
export function AlertsScreen() {
  const [showSilenced, setShowSilenced] = useState(false);
  const active = useOp('listActiveAlerts', { include_silenced: showSilenced ? 'true' : 'false' }, { refetchInterval: 10_000 });
  const silences = useOp('listSilences', {});
  const history = useOp('listAlertHistory', { limit: 50 });
  const rules = useOp('listAlertRules', {});
  const deliveries = useOp('listAlertDeliveries', {});
  // Alerting is engine-wide: acknowledging, silencing and editing rules need the `system` scope (from the contract).
  const canAcknowledge = useCanRun('acknowledgeAlert');
  const canSilence = useCanRun('createSilence');
  const canExpire = useCanRun('expireSilence');
  const canAdmin = useCanRun('updateAlertRule');
  const [newSilence, setNewSilence] = useState<SilenceMatcher[] | null>(null);
  const silenceOf = (a: AlertView) => (silences.data ?? []).find((s) => s.id === a.silenced_by);
  const firingCount = (active.data ?? []).filter((a) => a.silenced_by === null).length;
  // `?rule=<id>` (a link from the timeline) marks that rule's rows and narrows the history to it.
  const { route, setQuery } = useRoute();
  const focus = route.query.rule ?? null;
  const mark = (ruleId: string) => (ruleId === focus ? ' focused' : '');

  const acknowledge = async (a: AlertView) => {
    const answer = await confirm({ title: `Acknowledge ${a.rule_id}?`, body: 'Tells everyone you are on it. The alert keeps firing until its condition clears.', confirmLabel: 'Acknowledge', reasonLabel: 'Comment' });
    if (answer.confirmed) await run('Acknowledge', () => api.acknowledgeAlert({ rule_id: a.rule_id, comment: answer.reason }), `${a.rule_id} acknowledged.`);
  };
  const expire = async (s: SilenceView) => {
    const answer = await confirm({
      title: s.state === 'pending' ? 'Cancel this scheduled silence?' : 'Expire this silence now?',
      body: `${describeMatchers(s.matchers)} (${s.comment}). ${s.state === 'pending' ? 'It will never start.' : 'Matching alerts notify and show as firing again.'}`,
      confirmLabel: 'Expire now',
      reasonLabel: 'Reason',
      danger: true,
    });
    if (answer.confirmed) await run('Expire silence', () => api.expireSilence({ silence_id: s.id, reason: answer.reason }), 'Silence expired.');
  };

  return (
    <div className="page">
      <div className="row">
        <h1>Alerts</h1>
        {active.data ? <span className="muted">{firingCount === 0 ? 'nothing firing' : `${firingCount} firing`}</span> : null}
        <label><input type="checkbox" checked={showSilenced} onChange={(e) => setShowSilenced(e.target.checked)} /> Show silenced</label>
      </div>
      {active.error ? <ErrorState error={active.error} /> : null}
      {!canAcknowledge ? <div className="attention warn">Alerting is shared by every workspace: acknowledging, silencing and editing rules need a key with the 'system' scope (the local admin key has it).</div> : null}
      <section aria-label="Active alerts">
        <h2 className="section-title">Firing now</h2>
        {active.data && active.data.length === 0 ? <EmptyState>No alert is firing. Rules are evaluated every 10 s; pending ones show in the rules below.</EmptyState> : null}
        <div className="table" role="table" aria-label="Firing alerts">
          {active.data && active.data.length > 0 ? (
            <div className="table-head alert-row" role="row">
              <span role="columnheader">Severity</span>
              <span role="columnheader">Rule</span>
              <span role="columnheader">Message</span>
              <span role="columnheader">Value vs threshold</span>
              <span role="columnheader">Since</span>
              <span role="columnheader"><span className="visually-hidden">Actions</span></span>
            </div>
          ) : null}
          {(active.data ?? []).map((a) => (
            <div key={a.fingerprint} className={`table-row alert-row${mark(a.rule_id)}${a.silenced_by ? ' silenced' : ''}`} role="row" data-rule={a.rule_id} data-silenced={a.silenced_by ? 'true' : undefined}>
              <span role="cell"><span className={`badge severity ${a.severity}`}>{a.severity}</span></span>
              <span role="cell" className="mono">{a.rule_id}</span>
              <span role="cell" title={a.message}>{a.message}</span>
              <span role="cell" className="mono">{a.value ?? '—'} {a.operator} {a.threshold}</span>
              <span role="cell" className="muted">{a.silenced_by ? silencedNote(silenceOf(a)) : `${formatTime(a.starts_at)}${a.acknowledged ? ` · ack ${a.acknowledged.by}` : ''}`}</span>
              <span role="cell" className="row">
                {canAcknowledge ? <button onClick={() => void acknowledge(a)} disabled={a.acknowledged !== null}>Acknowledge</button> : null}
                {canSilence && !a.silenced_by ? <button onClick={() => setNewSilence([{ label: 'alertname', op: '=', value: a.rule_id }])} aria-label={`Silence ${a.rule_id}`}>Silence</button> : null}
              </span>
            </div>
          ))}
        </div>
      </section>
      <section aria-label="Silences">
        <div className="row">
          <h2 className="section-title">Silences</h2>
          {canSilence ? <button onClick={() => setNewSilence([{ label: 'alertname', op: '=', value: '' }])}>New silence</button> : null}
        </div>
        {silences.data && silences.data.length === 0 ? <EmptyState>No silence is scheduled or active. A silence mutes the alerts its matchers select for a window (make one ahead of a maintenance window); it would be listed here with its state.</EmptyState> : null}
        {silences.data && silences.data.length > 0 ? <SilencesTable silences={silences.data} canExpire={canExpire} onExpire={(s) => void expire(s)} /> : null}
      </section>
      {newSilence ? <NewSilenceDialog matchers={newSilence} onClose={() => setNewSilence(null)} /> : null}
      <RulesSection rules={rules.data ?? []} canAdmin={canAdmin} focus={focus} />
      <section aria-label="Alert history">
        <div className="row">
          <h2 className="section-title">History (newest first){focus ? <> of <code>{focus}</code></> : null}</h2>
          {focus ? <button onClick={() => setQuery({ rule: undefined })}>All rules</button> : null}
        </div>
        {history.data && history.data.length === 0 ? <EmptyState>No alert has fired yet. Each firing and resolution of a rule is kept here, newest first.</EmptyState> : null}
        <ul className="small">
          {(history.data ?? []).filter((a) => !focus || a.rule_id === focus).map((a) => (
            <li key={`${a.fingerprint}-${a.status}-${a.ends_at ?? a.starts_at}`}>
              {formatTime(a.ends_at ?? a.starts_at)} <span className={a.status === 'resolved' ? 'badge alert-status resolved' : `badge severity ${a.severity}`}>{a.status}</span> <span className="mono">{a.rule_id}</span>{a.status === 'resolved' ? ` (${a.severity})` : ''} — {a.message}
              {a.silenced_by ? <span className="muted"> (silenced)</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Webhook deliveries">
        <h2 className="section-title">Webhook deliveries</h2>
        {deliveries.data && deliveries.data.length === 0 ? <EmptyState>No notification was sent yet. Firing and resolved alerts are posted to ALERT_WEBHOOK_URL and the DECISIONOS_ALERT_RECEIVERS receivers when set; each attempt and its answer would show here.</EmptyState> : null}
        <ul className="small">
          {(deliveries.data ?? []).map((d) => (
            <li key={d.id}>{formatTime(d.at)} {d.receiver} {d.status} · {d.alerts} alert(s) · {d.attempts} attempt(s){d.http_status ? ` · HTTP ${d.http_status}` : ''}{d.last_error ? ` · ${d.last_error}` : ''}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function silencedNote(s: SilenceView | undefined): string {
  return s ? `silenced until ${formatTime(s.ends_at)} by ${s.created_by}` : 'silenced';
}

const TEMPLATE = {
  id: 'my-rule', metric: 'queue_depth', type: 'threshold', operator: '>', threshold: 100, duration: 300_000, severity: 'warning', message: 'What is wrong, in one sentence', cooldown: 900_000, enabled: true,
  critical: { threshold: 500, duration: 300_000, message: 'What is badly wrong, in one sentence' }, labels: { team: 'ops' },
};

/** The editable fields of a rule (what the editor shows), the optional tier and labels only when it has them. */
const editable = (r: AlertRuleView) => ({
  id: r.id, metric: r.metric, type: r.type, operator: r.operator, threshold: r.threshold, duration: r.duration, severity: r.severity, message: r.message, cooldown: r.cooldown, enabled: r.enabled,
  ...(r.critical ? { critical: r.critical } : {}), ...(r.labels ? { labels: r.labels } : {}),
});

function RulesSection({ rules, canAdmin, focus }: { rules: AlertRuleView[]; canAdmin: boolean; focus: string | null }) {
  const [editing, setEditing] = useState<{ mode: 'create' | 'update'; text: string } | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const open = (mode: 'create' | 'update', rule: object) => {
    setEditing({ mode, text: JSON.stringify(rule, null, 2) });
    setProblem(null);
    setReason('');
  };
  const save = async () => {
    if (!editing) return;
    let rule: Record<string, unknown>;
    try {
      rule = JSON.parse(editing.text);
    } catch (error) {
      return setProblem(`Not valid JSON: ${(error as Error).message}`);
    }
    try {
      const input = { rule, reason } as Parameters<typeof api.createAlertRule>[0];
      const saved = editing.mode === 'create' ? await api.createAlertRule(input) : await api.updateAlertRule({ ...input, rule_id: String(rule.id) });
      await invalidate('alerts');
      setEditing(null);
      toast({ kind: 'success', message: `Rule ${saved.id} saved as version ${saved.version}.`, link: { label: 'See it on the timeline', to: '/timeline?kinds=alert' } });
    } catch (error) {
      const issues = error instanceof ApiError ? ((error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []) : [];
      setProblem([error instanceof ApiError ? error.message : String(error), ...issues.map((i) => `${i.path}: ${i.message}`)].join('\n'));
    }
  };
  const toggle = async (r: AlertRuleView) => {
    const answer = await confirm({ title: `${r.enabled ? 'Disable' : 'Enable'} ${r.id}?`, body: r.enabled ? 'A firing alert of this rule resolves, with a notification.' : 'The rule is evaluated again from the next step.', confirmLabel: r.enabled ? 'Disable' : 'Enable', reasonLabel: 'Reason', danger: r.enabled });
    if (!answer.confirmed) return;
    await run(r.enabled ? 'Disable' : 'Enable', () => (r.enabled ? api.disableAlertRule({ rule_id: r.id, reason: answer.reason }) : api.enableAlertRule({ rule_id: r.id, reason: answer.reason })), `${r.id} ${r.enabled ? 'disabled' : 'enabled'}.`);
  };

  return (
    <section aria-label="Alert rules">
      <div className="row">
        <h2 className="section-title">Rules</h2>
        {canAdmin ? <button onClick={() => open('create', TEMPLATE)}>New rule</button> : null}
      </div>
      <div className="table" role="table" aria-label="Alert rules">
        <div className="table-head rule-row" role="row">
          <span role="columnheader">Rule</span>
          <span role="columnheader">Condition</span>
          <span role="columnheader">Severity</span>
          <span role="columnheader">State (last value)</span>
          <span role="columnheader">Version</span>
          <span role="columnheader"><span className="visually-hidden">Actions</span></span>
        </div>
        {rules.map((r) => (
          <div key={r.id} className={`table-row rule-row${r.id === focus ? ' focused' : ''}`} role="row" data-rule={r.id}>
            <span role="cell" className="mono">{r.id}</span>
            <span role="cell" className="mono" title={SERIES[r.metric].help}>{describeCondition(r)}{r.labels ? <span className="muted"> · {describeLabels(r.labels)}</span> : null}</span>
            <span role="cell"><span className={`badge severity ${r.severity}`}>{r.severity}</span></span>
            <span role="cell" className={r.state === 'inactive' ? 'muted' : ''}>{r.enabled ? r.state : 'disabled'}{r.firing_severity && r.critical ? ` (${r.firing_severity})` : ''}{r.last_value !== null ? ` (${Math.round(r.last_value * 1000) / 1000})` : ''}</span>
            <span role="cell" className="muted">v{r.version} · {r.updated_by}</span>
            <span role="cell" className="row">
              {canAdmin ? <button onClick={() => open('update', editable(r))}>Edit</button> : null}
              {canAdmin ? <button onClick={() => void toggle(r)}>{r.enabled ? 'Disable' : 'Enable'}</button> : null}
            </span>
          </div>
        ))}
      </div>
      {editing ? (
        <div className="upload" aria-label="Rule editor">
          <div className="muted">metric is one of: {Object.keys(SERIES).join(', ')}. duration and cooldown in ms. Optional: critical {'{'}threshold, duration, message{'}'} (a second tier beyond threshold, its alert is critical; leave it out for one tier) and labels {'{'}name: value{'}'} (up to 16, carried by every alert, silences can match them). A new version keeps a firing alert firing until the new condition clears.</div>
          <textarea aria-label="Rule JSON" className="mono" rows={12} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} spellCheck={false} />
          <label>Reason (required) <input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <div className="row">
            <button className="primary" disabled={reason.trim().length < 3} onClick={() => void save()}>{editing.mode === 'create' ? 'Create rule' : 'Save new version'}</button>
            <button onClick={() => setEditing(null)}>Cancel</button>
          </div>
          {problem ? <pre className="error" role="alert" aria-label="Rule rejected">{problem}</pre> : null}
        </div>
      ) : null}
    </section>
  );
}
