import { useEffect, useMemo, useState } from 'react';
import { contract } from '../../../shared/contract';
import type { JsonObject } from '../../../shared/schemas/common';
import type { ActionInfo, ActionPreview, ActionRunResult } from '../../../shared/schemas/runbook';
import { ApiError } from '../api/client';
import { api } from '../api/transport';
import { invalidate, useOp } from '../api/queries';
import { runWithProgress, type RunProgress } from '../../../shared/run-with-progress';
import { openAction, useActionFlow, type ActionRequest } from '../stores/action-flow';
import { ActionPreviewView } from './action-preview-view';
import { Link } from './link';
import { ParamsForm } from './params-form';
import { fieldText, paramFields, paramsFromTexts } from './params-schema';
import { formatMs } from './format';

const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** Where a run's RUNBOOK_ACTION event is: the timeline's runbook events, that one marked. */
export const auditEventPath = (auditId: string) => `/timeline?kinds=runbook&event=${encodeURIComponent(`ops:${auditId}`)}`;

/** The one dialog every runbook action runs through (mounted once, opened with `openAction`). */
export function ActionDialog() {
  const { request, close } = useActionFlow();
  const actions = useOp('listActions', {}, { enabled: request !== null, staleTime: Infinity });
  if (!request) return null;
  const action = actions.data?.items.find((a) => a.id === request.actionId);
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && !document.querySelector('[data-running]') && close()}>
      <div className="dialog action-dialog" role="dialog" aria-modal="true" aria-label={action?.title ?? request.actionId}>
        {action ? (
          <ActionFlow key={request.seq} action={action} request={request} close={close} />
        ) : (
          <>
            <strong>{request.actionId}</strong>
            <div className={actions.error ? 'error' : 'muted'}>{actions.error ? message(actions.error) : actions.data ? `The engine has no runbook action ${request.actionId}.` : 'Loading the action…'}</div>
            <div className="row end"><button onClick={close}>Close</button></div>
          </>
        )}
      </div>
    </div>
  );
}

type PreviewState = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; preview: ActionPreview; forParams: string } | { state: 'error'; message: string };
type Phase = { state: 'confirm' } | { state: 'running'; progress: RunProgress | null } | { state: 'done'; result: ActionRunResult } | { state: 'failed'; message: string };

/** Params, then the preview, reason and typed confirmation; then progress; then the result, its audit event and undo. */
function ActionFlow({ action, request, close }: { action: ActionInfo; request: ActionRequest; close(): void }) {
  const fields = useMemo(() => paramFields(action.params_schema), [action]);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, fieldText(f, request.params[f.name])])));
  const { params, errors } = useMemo(() => paramsFromTexts(fields, texts), [fields, texts]);
  const paramsKey = JSON.stringify(params);
  const [preview, setPreview] = useState<PreviewState>({ state: 'idle' });
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [phase, setPhase] = useState<Phase>({ state: 'confirm' });

  const loadPreview = async (p: JsonObject) => {
    setPreview({ state: 'loading' });
    try {
      setPreview({ state: 'ready', preview: await api.previewAction({ action_id: action.id, params: p }), forParams: JSON.stringify(p) });
    } catch (e) {
      setPreview({ state: 'error', message: message(e) });
    }
  };
  // The preview as the dialog opens, when the params it came with are complete.
  useEffect(() => {
    if (Object.keys(errors).length === 0) void loadPreview(params);
    // Once per dialog: later param edits preview on request.
  }, []);

  const current = preview.state === 'ready' && preview.forParams === paramsKey ? preview.preview : null;
  const confirmOk = !current?.destructive || typed === current.confirm;
  const canRun = current !== null && reason.trim().length >= 3 && confirmOk;

  const run = async () => {
    if (!current) return;
    setPhase({ state: 'running', progress: null });
    try {
      const result = await runWithProgress(
        {
          run: (runId) => api.runAction({ action_id: action.id, run_id: runId, params: current.params, reason: reason.trim(), ...(current.destructive && current.confirm !== null ? { confirm: typed } : {}) }),
          poll: (runId) => api.getActionProgress({ run_id: runId }),
        },
        (progress) => setPhase((p) => (p.state === 'running' ? { state: 'running', progress } : p)),
      );
      setPhase({ state: 'done', result });
    } catch (e) {
      setPhase({ state: 'failed', message: message(e) });
    }
    // What a run may change: the contract row says which kinds, so every open view refetches them.
    await Promise.all(contract.runAction.changes.map((kind) => invalidate(kind)));
  };

  if (phase.state === 'running') {
    const p = phase.progress;
    return (
      <div className="action-flow" data-running="">
        <strong>{action.title}</strong>
        <div>Running…{p ? ` ${p.done} of ${p.total}` : ''}</div>
        {/* Without a value a progress bar is indeterminate: the engine has not said how far it is. */}
        {p ? <progress aria-label="Progress" max={p.total} value={p.done} /> : <progress aria-label="Progress" />}
      </div>
    );
  }
  if (phase.state === 'done') {
    const r = phase.result;
    return (
      <div className="action-flow" aria-label="Result">
        <strong>{action.title}: done</strong>
        <div role="status">{r.summary}</div>
        {r.secret !== undefined ? (
          <label>
            <span>The new secret, shown this once (it is in no audit event and cannot be read again): copy it now</span>
            <input className="wide mono" readOnly value={r.secret} aria-label="New secret" onFocus={(e) => e.currentTarget.select()} />
          </label>
        ) : null}
        <dl className="facts">
          {Object.entries(r.counts).map(([what, n]) => [<dt key={`${what}-t`}>{what}</dt>, <dd key={`${what}-d`}>{n}</dd>])}
          <dt>took</dt><dd>{formatMs(r.duration_ms)}</dd>
        </dl>
        <div className="row end">
          <span onClick={close}><Link to={auditEventPath(r.audit_id)}>See it on the timeline</Link></span>
          {r.undo ? <button onClick={() => openAction(r.undo?.action_id as string, r.undo?.params)}>Undo: {r.undo.title}</button> : null}
          <button className="primary" onClick={close} autoFocus>Close</button>
        </div>
      </div>
    );
  }

  return (
    <div className="action-flow">
      <strong>{action.title}</strong>
      <div className="muted small">{action.description}</div>
      {fields.length > 0 ? <ParamsForm fields={fields} texts={texts} errors={errors} onChange={(name, text) => setTexts((t) => ({ ...t, [name]: text }))} /> : null}
      {fields.length > 0 || phase.state === 'failed' ? (
        <div className="row">
          <button onClick={() => void loadPreview(params)} disabled={Object.keys(errors).length > 0 || preview.state === 'loading'}>{preview.state === 'idle' ? 'Preview' : 'Preview again'}</button>
          {preview.state === 'ready' && !current ? <span className="muted small">The params changed: preview again.</span> : null}
        </div>
      ) : null}
      {preview.state === 'loading' ? <div className="muted">Previewing…</div> : null}
      {preview.state === 'error' ? <div className="error" role="alert">{preview.message}</div> : null}
      {current ? <ActionPreviewView preview={current} /> : null}
      {phase.state === 'failed' ? <div className="error" role="alert">The run failed: {phase.message}</div> : null}
      <label>
        Reason (required)
        <textarea className="wide" autoFocus rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {current?.destructive ? (
        <label>
          <span className="confirm-text">This cannot be undone. Type <code>{current.confirm}</code> to confirm</span>
          <input className="wide" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Confirmation" />
        </label>
      ) : null}
      <div className="row end">
        <button onClick={close}>Cancel</button>
        <button className="primary" disabled={!canRun} onClick={() => void run()}>Run</button>
      </div>
    </div>
  );
}
