import { useEffect } from 'react';
import type { BreakerView } from '../../../shared/schemas/integrations';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { runAction } from '../api/run-action';
import { useCanRun } from '../stores/session';
import { confirm } from '../stores/confirm';
import { EmptyState, ErrorState } from '../components/feedback';
import { Link } from '../components/link';
import { formatMs, formatTime } from '../components/format';

type Action = 'force-open' | 'force-close' | 'reset';

const ACTIONS: Record<Action, { label: string; body: string; call: (input: { integration: string; reason: string }) => Promise<BreakerView> }> = {
  'force-open': { label: 'Force open', body: 'Calls stop at once; decisions that need it go to review with integration_unavailable (circuit_open) until you reset.', call: (i) => api.forceOpenBreaker(i) },
  'force-close': { label: 'Force close', body: 'Every call goes out and failures no longer open the breaker, until you reset. Use only while watching it.', call: (i) => api.forceCloseBreaker(i) },
  reset: { label: 'Reset', body: 'Back to CLOSED with an empty window, ending any force.', call: (i) => api.resetBreaker(i) },
};

/** One card per integration: its breaker's state, window counts, last transition, next probe, latency and history. */
export function BreakersScreen() {
  const breakers = useOp('listBreakers', {}, { refetchInterval: 5_000 });
  const history = useOp('getTimeline', { kinds: 'breaker', limit: 500 });
  // Breakers are shared by every workspace: acting on one needs the `system` scope, and so do the integrations' URLs.
  const canOperate = useCanRun('resetBreaker');
  const seesConfig = useCanRun('listIntegrations');
  const integrations = useOp('listIntegrations', {}, { enabled: seesConfig });
  const urlOf = (name: string) => integrations.data?.items.find((i) => i.name === name)?.url;
  // `/breakers#<integration>` (a link from the timeline) brings that card into view once it is there.
  const focus = decodeURIComponent(window.location.hash.slice(1));
  const loaded = breakers.data !== undefined;
  useEffect(() => {
    if (focus && loaded) document.getElementById(focus)?.scrollIntoView({ block: 'nearest' });
  }, [focus, loaded]);

  const act = async (b: BreakerView, action: Action) => {
    const a = ACTIONS[action];
    const answer = await confirm({ title: `${a.label} the ${b.integration} breaker?`, body: a.body, confirmLabel: a.label, reasonLabel: 'Reason', danger: action !== 'reset' });
    if (!answer.confirmed) return;
    await runAction(a.label, () => a.call({ integration: b.integration, reason: answer.reason }), 'breakers', (after) => ({
      message: `${b.integration}: ${after.state}${after.forced ? ` (held ${after.forced})` : ''}. Recorded as BREAKER_ACTION.`,
      link: { label: 'See it on the timeline', to: '/timeline?kinds=breaker' },
    }));
  };

  return (
    <div className="page">
      <h1>Breakers</h1>
      {breakers.error ? <ErrorState error={breakers.error} /> : null}
      {breakers.data && breakers.data.items.length === 0 ? (
        <EmptyState>No integrations are configured, so there is no breaker to show. Declare them in the file DECISIONOS_INTEGRATIONS names (RUNBOOK.md, section 9) and restart.</EmptyState>
      ) : null}
      <div className="breakers">
        {(breakers.data?.items ?? []).map((b) => {
          const transitions = (history.data?.items ?? []).filter((i) => i.link?.label === b.integration).slice(0, 8);
          return (
            <section key={b.integration} id={b.integration} className={`card breaker ${b.state.toLowerCase()}${b.integration === focus ? ' focused' : ''}`} aria-label={`Breaker ${b.integration}`}>
              <div className="row">
                <strong className="mono">{b.integration}</strong>
                <span className={`badge breaker-state ${b.state.toLowerCase()}`} data-state={b.state}>{b.state}</span>
                {b.forced ? <span className="badge">held {b.forced}</span> : null}
              </div>
              <div className="muted mono small">{urlOf(b.integration) ? `${urlOf(b.integration)} · ` : ''}{b.applies_to.join(', ')}</div>
              <div className="kv">
                <span className="muted">failures / successes ({b.window_seconds} s)</span><span>{b.failures} / {b.successes}</span>
                <span className="muted">last transition</span>
                <span>{b.last_transition ? `${formatTime(b.last_transition.at)} ${b.last_transition.from} → ${b.last_transition.to}: ${b.last_transition.cause}` : 'none'}</span>
                <span className="muted">next probe</span><span>{b.next_probe_at ? formatTime(b.next_probe_at) : '—'}</span>
                <span className="muted">latency p50 / p95 / max</span><span>{formatMs(b.latency_ms.p50)} / {formatMs(b.latency_ms.p95)} / {formatMs(b.latency_ms.max)}</span>
                <span className="muted">settings</span>
                <span>threshold {b.settings.failure_threshold}{b.settings.failure_rate ? ` or ${b.settings.failure_rate * 100} %` : ''} · cooldown {b.settings.open_cooldown_seconds} s · probes {b.settings.half_open_probe_count}</span>
              </div>
              {canOperate ? (
                <div className="row">
                  {(Object.keys(ACTIONS) as Action[]).map((action) => (
                    <button key={action} onClick={() => void act(b, action)}>{ACTIONS[action].label}</button>
                  ))}
                </div>
              ) : <div className="muted">Breakers are shared by every workspace: acting on one needs a key with the 'system' scope. You can look but not act.</div>}
              <div>
                <div className="muted small">Transitions and actions (24 h)</div>
                {transitions.length === 0 ? <div className="muted small">None in 24 h: opening, probing, closing and operator actions would be listed here.</div> : null}
                <ul className="small">
                  {transitions.map((t) => <li key={t.id}>{formatTime(t.at)} — {t.summary}</li>)}
                </ul>
                <Link to="/timeline?kinds=breaker">All on the timeline</Link>
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}
