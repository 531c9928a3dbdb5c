import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** The silence the preview did not list, per engine (the suite runs each backend's engine at its own URL). */
const others = new Map<string, string>();

/** Two silences on unique matchers: the previewed one ends, the other stays active. */
const scenario: ActionScenario = {
  action: 'expire-silence',
  async arrange(t) {
    const make = async () => {
      const ends = new Date(Date.now() + 30 * 60_000).toISOString();
      const r = await t.call('POST', '/api/alerts/silences', { matchers: [{ label: 'alertname', op: '=', value: t.unique('suite-rule') }], ends_at: ends, comment: 'action suite silence' });
      expect(r.status).toBe(200);
      return r.body.id as string;
    };
    const target = await make();
    others.set(t.url, await make());
    return { silence_id: target };
  },
  async verify(t, preview) {
    expect(preview.touches.counts).toEqual({ silences: 1, alerts: 0 });
    const silences = (await t.call('GET', '/api/alerts/silences')).body as { id: string; state: string }[];
    expect(silences.find((s) => s.id === preview.params.silence_id)?.state).toBe('expired');
    expect(silences.find((s) => s.id === others.get(t.url))?.state).toBe('active');
  },
  async cleanup(t) {
    await t.call('POST', `/api/alerts/silences/${others.get(t.url)}/expire`, { reason: 'action suite cleanup' });
    others.delete(t.url);
  },
};
export default scenario;
