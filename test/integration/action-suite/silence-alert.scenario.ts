import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/**
 * Silences breaker-open narrowed by a severity no alert has (a unique value), so it mutes nothing another scenario
 * relies on: the silence appears in the Alerts screen's list, active, with the run's reason as its comment.
 */
const scenario: ActionScenario = {
  action: 'silence-alert',
  async arrange(t) {
    return { alert: 'breaker-open', minutes: 15, matchers: [{ label: 'severity', op: '=', value: t.unique('suite-severity') }] };
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ silences: 1, alerts: 0 });
    const id = result.undo?.params.silence_id;
    const silences = (await t.call('GET', '/api/alerts/silences')).body as { id: string; state: string; matchers: unknown[]; comment: string }[];
    const made = silences.find((s) => s.id === id);
    expect(made).toMatchObject({ state: 'active', matchers: [{ label: 'alertname', op: '=', value: 'breaker-open' }, (preview.params.matchers as unknown[])[0]] });
    expect(silences.filter((s) => JSON.stringify(s.matchers) === JSON.stringify(made?.matchers))).toHaveLength(1);
  },
  async cleanup(t, result) {
    if (result.undo) await t.call('POST', `/api/runbook/actions/${result.undo.action_id}/run`, { params: result.undo.params, reason: 'action suite cleanup' });
  },
};
export default scenario;
