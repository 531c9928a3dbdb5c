import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
type Posted = { alerts: { labels: Record<string, string>; status: string }[] };
const posted: Posted[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestEngine(
    {
      integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never-called', applies_to: ['payment_fraud_check'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
        breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
      alertWebhookUrl: 'http://127.0.0.1:9/hook',
    },
    { telemetryTimer: false, webhookPost: async (_url, body) => (posted.push(body as Posted), { status: 200 }) },
  );
});
afterAll(async () => {
  await t?.close();
});

const rule = (id: string, labels: Record<string, string>) => ({
  id, metric: 'breakers_open', type: 'threshold', operator: '>', threshold: 0, duration: 0, severity: 'warning', message: `${id}: a breaker is open`, labels,
});
const notifiedRules = () => posted.flatMap((p) => p.alerts.filter((a) => a.status === 'firing').map((a) => `${a.labels.alertname}/${a.labels.team ?? '-'}`)).sort();

describe('alert rules with their own labels, and silences on any label', () => {
  it('a silence on a custom label mutes only the matching rule\'s notification; the labels go out in the payload', async () => {
    for (const [id, team] of [['payments-breakers', 'payments'], ['risk-breakers', 'risk']] as const) {
      const created = await t.request('POST', '/api/alerts/rules', { body: { rule: rule(id, { team, service: 'sanctions-gateway' }), reason: `page ${team}` } });
      expect(created.status).toBe(200);
      expect(created.body.labels).toEqual({ team, service: 'sanctions-gateway' });
    }
    const silence = await t.request('POST', '/api/alerts/silences', { body: { matchers: [{ label: 'team', op: '=', value: 'payments' }], ends_at: new Date(Date.now() + HOUR).toISOString(), comment: 'payments on a drill' } });
    expect(silence.status).toBe(200);
    expect(silence.body.matchers).toEqual([{ label: 'team', op: '=', value: 'payments' }]);

    await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
    await t.engine.telemetry.tick();
    expect(notifiedRules()).toEqual(['breaker-open/-', 'risk-breakers/risk']);
    expect(posted.flatMap((p) => p.alerts).find((a) => a.labels.alertname === 'risk-breakers')?.labels).toEqual({
      alertname: 'risk-breakers', severity: 'warning', metric: 'breakers_open', team: 'risk', service: 'sanctions-gateway',
    });
    const active = (await t.request('GET', '/api/alerts/active?include_silenced=true')).body as { rule_id: string; silenced_by: string | null }[];
    expect(active.find((a) => a.rule_id === 'payments-breakers')?.silenced_by).toBe(silence.body.id);
    expect(active.find((a) => a.rule_id === 'risk-breakers')?.silenced_by).toBeNull();

    // != and !~ on a custom label: everything of the gateway but the risk team's.
    const negated = await t.request('POST', '/api/alerts/silences', { body: { matchers: [{ label: 'service', op: '=', value: 'sanctions-gateway' }, { label: 'team', op: '!~', value: 'risk|fraud' }], ends_at: new Date(Date.now() + HOUR).toISOString(), comment: 'all but risk' } });
    expect(negated.status).toBe(200);
    const firing = ((await t.request('GET', '/api/alerts/active')).body as { rule_id: string }[]).map((a) => a.rule_id).sort();
    expect(firing).toEqual(['breaker-open', 'risk-breakers']);
    await t.request('POST', '/api/breakers/sanctions/reset', { body: { reason: 'maintenance over' } });
    await t.engine.telemetry.tick();
  });

  it.each([
    ['a rule label name that is not a label name', { labels: { 'team-name': 'payments' } }, 'rule.labels.team-name: not a label name'],
    ['a rule label the engine sets', { labels: { severity: 'low' } }, 'alertname, severity, metric are set by the engine'],
    ['more than 16 rule labels', { labels: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'x'])) }, 'at most 16 labels'],
    ['a rule label value over 200 characters', { labels: { team: 'x'.repeat(201) } }, 'at most 200 characters'],
    ['a critical tier below the warning threshold', { threshold: 10, critical: { threshold: 5, duration: 0 } }, 'rule.critical.threshold: must be above the warning threshold 10'],
    ['a critical tier on a rule that is critical already', { severity: 'critical', critical: { threshold: 5, duration: 0 } }, 'rule.severity'],
  ])('refuses %s with 400 naming the field, and stores no rule', async (_what, over, says) => {
    const r = await t.request('POST', '/api/alerts/rules', { body: { rule: { ...rule('refused-rule', {}), ...over }, reason: 'try it' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(says) });
    expect(((await t.request('GET', '/api/alerts/rules')).body as { id: string }[]).map((x) => x.id)).not.toContain('refused-rule');
  });

  it.each([
    ['a matcher label that is not a label name', [{ label: 'team-name', value: 'payments' }], 'matchers.0.label: a label name is'],
    ['an unknown operator', [{ label: 'team', op: '~=', value: 'payments' }], 'matchers: 0.op: Invalid option'],
    ['a bad regex for !~', [{ label: 'team', op: '!~', value: '(?=pay)' }], 'matchers: team!~(?=pay) is not a valid RE2 regex'],
    ['only matchers an alert without the label passes', [{ label: 'team', op: '!=', value: 'payments' }], 'at least one matcher must not match an empty'],
    ['a bad label name in the {label: value} form', { 'team-name': 'payments' }, 'matchers: team-name: not a label name'],
  ])('refuses a silence with %s: 400 naming the field', async (_what, matchers, says) => {
    const r = await t.request('POST', '/api/alerts/silences', { body: { matchers, ends_at: new Date(Date.now() + HOUR).toISOString(), comment: 'try it out' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(says) });
  });
});
