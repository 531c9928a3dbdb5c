import { useRef, useState } from 'react';
import type { PolicyVersionView, RuleError } from '../../../shared/schemas/policy';
import { api } from '../api/transport';
import { invalidate, useOp } from '../api/queries';
import { runAction } from '../api/run-action';
import { ApiError } from '../api/client';
import { useRoute } from '../stores/route';
import { useCan } from '../stores/session';
import { confirm } from '../stores/confirm';
import { toast } from '../stores/toasts';
import { EmptyState, ErrorState } from '../components/feedback';
import { diffPolicies } from '../components/policy-diff';
import { formatTime } from '../components/format';
import { markRules, ruleOffset } from '../components/policy-upload-marks';

/**
 * Policy versions (immutable, content-hashed), a rule-by-rule diff of any two, upload of a new version with its
 * validation errors shown per rule, and activation (confirmed, with a reason, audited as POLICY_ACTIVATED).
 */
export function PoliciesScreen() {
  const { route, setQuery } = useRoute();
  const list = useOp('listPolicies', {});
  const canAdmin = useCan('admin');
  const items = list.data?.items ?? [];
  const active = items.find((p) => p.active);
  const pick = (key: 'base' | 'compare', fallback: PolicyVersionView | undefined) =>
    items.find((p) => String(p.version) === route.query[key]) ?? fallback;
  const compare = pick('compare', items[0]);
  const base = pick('base', active && active.version !== compare?.version ? active : items.find((p) => p.version !== compare?.version));

  const activate = async (p: PolicyVersionView) => {
    const answer = await confirm({
      title: `Activate policy version ${p.version}?`,
      body: `New decisions will be judged by "${p.name}" (${p.rule_count} rules, ${p.hash.slice(0, 12)}). Decisions already judged keep their version.`,
      confirmLabel: 'Activate',
      reasonLabel: 'Reason',
      danger: true,
    });
    if (!answer.confirmed) return;
    await runAction('Activation', () => api.activatePolicy({ version: p.version, reason: answer.reason }), 'policies', () => ({
      message: `Version ${p.version} is now active (audited as POLICY_ACTIVATED).`,
      link: { label: 'See it on the timeline', to: '/timeline?kinds=policy' },
    }));
  };

  return (
    <div className="page policies">
      <h1>Policies</h1>
      {list.error ? <ErrorState error={list.error} /> : null}
      {list.data && items.length === 0 ? <EmptyState>No policy version yet: the engine stores its default policy at first start. Upload one below.</EmptyState> : null}
      <div className="table" role="table" aria-label="Policy versions">
        {items.map((p) => (
          <div key={p.version} className="table-row policy-row" role="row" data-version={p.version}>
            <span role="cell">v{p.version} {p.active ? <span className="badge approved">active</span> : null}</span>
            <span role="cell">{p.name}</span>
            <span role="cell" className="mono" title={p.hash}>{p.hash.slice(0, 12)}</span>
            <span role="cell">{p.rule_count} rules</span>
            <span role="cell" className="muted">{p.author} · {formatTime(p.created_at)}</span>
            <span role="cell" className="row">
              {/* One version has nothing to compare with: the button stays, disabled, never shown as pressed. */}
              <button onClick={() => setQuery({ compare: String(p.version) })} disabled={items.length < 2} aria-pressed={items.length < 2 ? undefined : compare?.version === p.version}
                title={items.length < 2 ? 'Only one version: nothing to compare' : undefined}>Diff</button>
              {canAdmin && !p.active ? <button onClick={() => void activate(p)}>Activate</button> : null}
            </span>
          </div>
        ))}
      </div>
      {active ? <ActiveRules policy={active} /> : null}
      {base && compare ? <PolicyDiffView base={base} compare={compare} versions={items} onBase={(v) => setQuery({ base: String(v) })} /> : null}
      {canAdmin ? <UploadPolicy template={active ?? items[0]} onStored={(v) => setQuery({ compare: String(v) })} /> : null}
    </div>
  );
}

function PolicyDiffView({ base, compare, versions, onBase }: { base: PolicyVersionView; compare: PolicyVersionView; versions: PolicyVersionView[]; onBase(v: number): void }) {
  const diff = diffPolicies(base.document, compare.document);
  return (
    <section aria-label="Policy diff">
      <div className="row">
        <h2 className="section-title">Changes from</h2>
        <select aria-label="Base version" value={base.version} onChange={(e) => onBase(Number(e.target.value))}>
          {versions.map((v) => <option key={v.version} value={v.version}>v{v.version}{v.active ? ' (active)' : ''}</option>)}
        </select>
        <span>to v{compare.version}</span>
        <span className="muted">{diff.rules.length} rule(s) differ, {diff.unchanged} unchanged</span>
      </div>
      {diff.header.length === 0 && diff.rules.length === 0 ? <div className="muted">The two versions have the same rules.</div> : null}
      <div className="diff">
        {diff.header.map((f) => <FieldLine key={f.field} label={`policy ${f.field}`} before={f.before} after={f.after} />)}
        {diff.rules.map((r) => (
          <div key={`${r.change}-${r.rule_id}`} className={`diff-rule ${r.change}`}>
            <div><strong className="mono">{r.rule_id}</strong> <span className="muted">{r.change}</span></div>
            {r.change === 'changed'
              ? r.fields.map((f) => <FieldLine key={f.field} label={f.field} before={f.before} after={f.after} />)
              : <pre className="raw">{JSON.stringify(r.rule, null, 2)}</pre>}
          </div>
        ))}
      </div>
    </section>
  );
}

/** The rules new decisions are judged by, readable whether or not there is another version to compare. */
function ActiveRules({ policy }: { policy: PolicyVersionView }) {
  return (
    <section aria-label="Active rules">
      <h2 className="section-title">Active rules: v{policy.version} "{policy.name}"</h2>
      {policy.document.description ? <div className="muted">{policy.document.description}</div> : null}
      <div className="table">
        <table className="data policy-rules" aria-label={`Rules of version ${policy.version}`}>
          <colgroup><col className="id" /><col className="kind" /><col className="types" /><col /><col className="code" /><col className="severity" /></colgroup>
          <thead><tr><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col">Applies to</th><th scope="col">Expression</th><th scope="col">Code</th><th scope="col">Severity</th></tr></thead>
          <tbody>
            {policy.document.rules.map((r) => (
              <tr key={r.id} data-rule={r.id}>
                <td className="mono">{r.id}</td>
                <td>{r.kind}</td>
                <td>{r.applies_to.join(', ')}</td>
                <td className="mono" title={`${r.expression}\n${r.message}`}>{r.expression}</td>
                <td className="mono">{r.code}</td>
                <td>{r.severity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FieldLine({ label, before, after }: { label: string; before: string; after: string }) {
  return (
    <div className="kv">
      <span className="muted">{label}</span>
      <span>
        <div className="removed mono">− {before || '(none)'}</div>
        <div className="added mono">+ {after || '(none)'}</div>
      </span>
    </div>
  );
}

interface UploadProblem {
  message: string;
  ruleErrors: RuleError[];
  issues: { path: string; message: string }[];
}

function problemOf(error: unknown): UploadProblem {
  if (!(error instanceof ApiError)) return { message: String(error), ruleErrors: [], issues: [] };
  const details = (error.details ?? {}) as { rule_errors?: RuleError[]; issues?: { path: string; message: string }[] };
  return { message: error.message, ruleErrors: details.rule_errors ?? [], issues: details.issues ?? [] };
}

function UploadPolicy({ template, onStored }: { template: PolicyVersionView | undefined; onStored(version: number): void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const marks = problem ? markRules(text, problem.ruleErrors, problem.issues.map((i) => i.path)) : [];
  const select = (id: string) => {
    const at = ruleOffset(text, id);
    if (at < 0 || !editor.current) return;
    editor.current.focus();
    editor.current.setSelectionRange(at, text.indexOf('}', at) + 1 || at);
  };

  const upload = async () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      setProblem({ message: `Not valid JSON: ${(error as Error).message}`, ruleErrors: [], issues: [] });
      return;
    }
    setBusy(true);
    try {
      const stored = await api.uploadPolicy(document as Parameters<typeof api.uploadPolicy>[0]);
      setProblem(null);
      await invalidate('policies');
      onStored(stored.version);
      toast({ kind: 'success', message: stored.created ? `Stored as version ${stored.version} (not active yet).` : `Same rules as version ${stored.version}: nothing new stored.` });
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <section aria-label="Upload a policy version" className="upload">
      <h2 className="section-title">Upload a new version</h2>
      <div className="muted">
        JSON with <code>name</code>, optional <code>description</code> and <code>rules</code> (each: id, kind, applies_to, a CEL expression,
        code, severity, message). Every rule is checked; one broken rule rejects the whole upload. Uploading does not activate.
      </div>
      <div className="row">
        <label>Policy file <input type="file" accept="application/json,.json" onChange={(e) => void readFile(e.target.files?.[0])} /></label>
        {template ? <button onClick={() => setText(JSON.stringify(template.document, null, 2))}>Start from v{template.version}</button> : null}
      </div>
      <div className="policy-editor">
        <textarea ref={editor} aria-label="Policy JSON" rows={14} className="mono" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        {marks.length > 0 ? (
          <ol className="rule-marks" aria-label="Rules in the editor">
            {marks.map((m) => (
              <li key={m.index} data-rule={m.id} aria-invalid={m.failed} className={m.failed ? 'failed' : ''}>
                <button onClick={() => select(m.id)} title="Select this rule in the editor">{m.failed ? '✗' : '✓'} <span className="mono">{m.id}</span></button>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      <div className="row">
        <button className="primary" disabled={busy || !text.trim()} onClick={() => void upload()}>Validate and upload</button>
      </div>
      {problem ? (
        <div className="error" role="alert" aria-label="Policy rejected">
          <div>{problem.ruleErrors.length ? `Policy rejected: ${problem.ruleErrors.length} error(s), nothing stored.` : problem.message}</div>
          {problem.ruleErrors.length ? (
            <ul aria-label="Rule errors">{problem.ruleErrors.map((e, i) => <li key={i} data-rule={e.rule_id}>rule <code>{e.rule_id}</code>: {e.message}</li>)}</ul>
          ) : null}
          {problem.issues.length ? <ul>{problem.issues.map((i) => <li key={i.path + i.message}><code>{i.path}</code>: {i.message}</li>)}</ul> : null}
        </div>
      ) : null}
    </section>
  );
}
