import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useConfirm } from '../stores/confirm';
import { useToasts } from '../stores/toasts';
import { Link } from './link';

/** A failed read, in the server's words, with what to do next. */
export function ErrorState({ error }: { error: unknown }) {
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
  const hint = error instanceof ApiError && error.code === 'network' ? ' Is the engine running? Start it with npm start.' : '';
  return <div className="error" role="alert">{message}{hint}</div>;
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <div>{t.message}</div>
          <div className="row">
            {t.link ? <Link to={t.link.to}>{t.link.label}</Link> : null}
            {t.action ? <button onClick={() => (dismiss(t.id), t.action?.run())}>{t.action.label}</button> : null}
            <button onClick={() => dismiss(t.id)} aria-label="Dismiss">×</button>
          </div>
        </div>
      ))}
    </div>
  );
}

/** The confirm behind every destructive action; a reason is required where the action records one. */
export function ConfirmDialog() {
  const { request, answer } = useConfirm();
  const [reason, setReason] = useState('');
  if (!request) return null;
  const valid = !request.reasonLabel || reason.trim().length >= 3;
  const close = (confirmed: boolean) => {
    answer(confirmed && valid, reason.trim());
    setReason('');
  };
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && close(false)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={request.title}>
        <strong>{request.title}</strong>
        <div>{request.body}</div>
        {request.reasonLabel ? (
          <label>
            {request.reasonLabel} (required)
            <textarea autoFocus rows={3} value={reason} onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && !e.shiftKey && valid && (e.preventDefault(), close(true))} style={{ width: '100%' }} />
          </label>
        ) : null}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button onClick={() => close(false)}>Cancel</button>
          <button className="primary" disabled={!valid} onClick={() => close(true)} autoFocus={!request.reasonLabel}>{request.confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}
