import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { createSqliteBreakerStore } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-breaker-store';
import { AlertEngine } from '../../../../../../src/main/engine/services/alerting/alerts';
import { AlertNotifier, WEBHOOK_BREAKER, WEBHOOK_BREAKER_CONFIG } from '../../../../../../src/main/engine/services/alerting/alert-notifier';
import { Breakers } from '../../../../../../src/main/engine/services/integrations/breakers';
import { RingBuffer } from '../../../../../../src/main/engine/domain/series';
import type { SeriesPoint } from '../../../../../../src/main/engine/services/alerting/sampler';
import type { AlertRuleDefinition } from '../../../../../../src/shared/schemas/alerts';
import type { OpsAudit } from '../../../../../../src/main/engine/ports/audit-store';
import { tempDataDir } from '../../../../../fixtures/engine';

const MIN = 60_000;
const admin = { keyId: 'k1', workspaceId: 'default', name: 'oncall', scopes: ['admin' as const, 'system' as const] };
interface Posted { status: string; alerts: { status: string; labels: Record<string, string>; fingerprint: string; annotations: Record<string, string> }[] }

/**
 * The alert engine notifying a real AlertNotifier (Alertmanager format) whose webhook post is captured; a fake
 * clock; each step evaluates a point and flushes, as the telemetry loop does.
 */
async function setup() {
  const dir = tempDataDir('dos-tiers-');
  const kv = createSqliteKeyValue(openDatabase(path.join(dir, 'kv.sqlite')));
  const clock = { t: 1_000 * MIN, now() { return this.t; } };
  const posted: Posted[] = [];
  const breakers = new Breakers(createSqliteBreakerStore(openDatabase(path.join(dir, 'breakers.sqlite'))), clock, new Map([[WEBHOOK_BREAKER, WEBHOOK_BREAKER_CONFIG]]));
  const notifier = new AlertNotifier({
    name: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'alertmanager', breaker: WEBHOOK_BREAKER, maxPerMinute: 100, retries: 0, backoffMs: 1, timeoutMs: 1_000,
    externalUrl: () => 'http://127.0.0.1:8080', post: async (_url, body) => (posted.push(body as Posted), { status: 200 }), breakers, clock,
    sleep: async () => undefined, log: { info: () => undefined, warn: () => undefined },
  });
  const audits: OpsAudit[] = [];
  const engine = new AlertEngine({
    kv, clock, historyMax: 200, sink: notifier, log: { error: () => undefined },
    audit: { appendOpsAudit: async (a) => void audits.push(a) },
    events: { alertFired: () => undefined, alertsChanged: () => undefined },
  });
  await engine.load();
  const series = new RingBuffer<SeriesPoint>(100);
  /** At minute `m` from the start, `blocked_tasks` is `value`. */
  const step = async (m: number, value: number) => {
    clock.t = 1_000 * MIN + m * MIN;
    const point = { at: clock.t, values: { blocked_tasks: value } };
    series.push(point);
    await engine.evaluate(point, series);
    await notifier.flush();
  };
  return { engine, posted, audits, step, clock };
}

const tiered: AlertRuleDefinition = {
  id: 'blocked-by-team', metric: 'blocked_tasks', type: 'threshold', operator: '>', threshold: 10, duration: 2 * MIN, severity: 'warning',
  message: 'More than 10 blocked', cooldown: 30 * MIN, enabled: true, critical: { threshold: 50, duration: 3 * MIN, message: 'More than 50 blocked' },
  labels: { team: 'payments' },
};
const batch = (p: Posted) => p.alerts.map((a) => `${a.labels.severity}:${a.status}`).sort();

describe('AlertEngine with a tiered rule (warning and critical)', () => {
  it('fires warning, then critical, then resolves, with the right notifications', async () => {
    const { engine, posted, audits, step } = await setup();
    await engine.setEnabled(admin, 'blocked-tasks-high', false, 'only the tiered rule in this test');
    await engine.saveRule(admin, tiered, 'page the payments team', 'create');

    await step(0, 20);
    await step(2, 20); // warning held 2 min
    expect(posted.map(batch)).toEqual([['warning:firing']]);
    expect(engine.active()).toEqual([expect.objectContaining({ rule_id: 'blocked-by-team', severity: 'warning', threshold: 10, message: 'More than 10 blocked' })]);

    await step(3, 80);
    expect(engine.pending()).toEqual([expect.objectContaining({ rule_id: 'blocked-by-team', severity: 'critical', waiting_for: 'duration', remaining_ms: 3 * MIN })]);
    await step(5, 80);
    expect(posted).toHaveLength(1);
    expect(engine.pending()).toEqual([expect.objectContaining({ severity: 'critical', remaining_ms: MIN })]);
    await step(6, 80); // critical held 3 min: one batch, critical fires and warning resolves
    expect(posted).toHaveLength(2);
    expect(batch(posted[1] as Posted)).toEqual(['critical:firing', 'warning:resolved']);
    const [critical, warning] = [...(posted[1] as Posted).alerts].sort((a, b) => (a.labels.severity ?? '').localeCompare(b.labels.severity ?? ''));
    expect(critical?.fingerprint).not.toBe(warning?.fingerprint);
    expect(critical?.labels).toMatchObject({ alertname: 'blocked-by-team', team: 'payments' });
    expect(critical?.fingerprint).toBe(engine.active()[0]?.fingerprint);
    expect(engine.active()).toEqual([expect.objectContaining({ severity: 'critical', threshold: 50, message: 'More than 50 blocked', labels: expect.objectContaining({ team: 'payments' }) })]);
    expect(engine.listRules().find((r) => r.id === 'blocked-by-team')).toMatchObject({ state: 'firing', firing_severity: 'critical' });
    expect(engine.pending()).toEqual([]);

    const ack = await engine.acknowledge(admin, 'blocked-by-team', 'draining the blocked queue');
    expect(ack).toMatchObject({ severity: 'critical', acknowledged: expect.objectContaining({ by: 'oncall' }) });

    await step(7, 30); // below critical, above warning: critical resolves, warning fires again (a new, unacknowledged alert)
    expect(batch(posted[2] as Posted)).toEqual(['critical:resolved', 'warning:firing']);
    expect(engine.active()).toEqual([expect.objectContaining({ severity: 'warning', acknowledged: null })]);

    await step(8, 3); // the condition ends: the active tier resolves
    expect(batch(posted[3] as Posted)).toEqual(['warning:resolved']);
    expect(posted).toHaveLength(4);
    expect(engine.active()).toEqual([]);
    expect(engine.recent().map((a) => `${a.severity}:${a.status}`)).toEqual([
      'warning:resolved', 'warning:firing', 'critical:resolved', 'critical:firing', 'warning:resolved', 'warning:firing',
    ]);
    const mine = audits.filter((a) => a.target === 'blocked-by-team' && a.eventType.startsWith('ALERT_') && a.eventType !== 'ALERT_RULE_SAVED');
    expect(mine.map((a) => `${a.eventType}:${String(a.payload.severity ?? a.payload.why)}`)).toEqual([
      'ALERT_FIRING:warning', 'ALERT_RESOLVED:escalated to critical', 'ALERT_FIRING:critical', 'ALERT_ACKNOWLEDGED:undefined',
      'ALERT_RESOLVED:back below the critical threshold: warning again', 'ALERT_FIRING:warning', 'ALERT_RESOLVED:condition cleared',
    ]);
  });

  it('mutes only the tier a silence matches: a severity=critical silence lets the warning notify', async () => {
    const { engine, posted, step, clock } = await setup();
    await engine.setEnabled(admin, 'blocked-tasks-high', false, 'only the tiered rule in this test');
    await engine.saveRule(admin, tiered, 'page the payments team', 'create');
    await engine.createSilence(admin, { matchers: [{ label: 'team', op: '=', value: 'payments' }, { label: 'severity', op: '=', value: 'critical' }], ends_at: new Date(clock.t + 60 * MIN).toISOString(), comment: 'known incident' });
    await step(0, 80);
    await step(2, 80);
    expect(posted.map(batch)).toEqual([['warning:firing']]);
    await step(3, 80);
    expect(posted.map(batch)).toEqual([['warning:firing'], ['warning:resolved']]);
    expect(engine.active(true)).toEqual([expect.objectContaining({ severity: 'critical', silenced_by: expect.any(String) })]);
  });

  it('refuses a critical tier that is not beyond the warning one, and a critical rule severity, naming the field', async () => {
    const { engine } = await setup();
    await expect(engine.saveRule(admin, { ...tiered, critical: { threshold: 5, duration: 0 } }, 'try it', 'create')).rejects.toThrow(/^rule\.critical\.threshold: must be above the warning threshold 10/);
    await expect(engine.saveRule(admin, { ...tiered, severity: 'critical' }, 'try it', 'create')).rejects.toThrow(/^rule\.severity:/);
    expect(engine.listRules().map((r) => r.id)).not.toContain('blocked-by-team');
  });

  it('stores the runbooks\' tiers in the default rules', async () => {
    const { engine } = await setup();
    const rules = new Map(engine.listRules().map((r) => [r.id, r]));
    expect(rules.get('trace-api-latency-p95')).toMatchObject({ threshold: 500, severity: 'warning', duration: 5 * MIN, critical: { threshold: 1000, duration: 5 * MIN } });
    expect(rules.get('decision-lag-p95')).toMatchObject({ threshold: 1000, severity: 'warning', duration: 5 * MIN, critical: { threshold: 5000, duration: 5 * MIN } });
    expect(rules.get('blocked-tasks-high')).toMatchObject({ threshold: 10, severity: 'warning', duration: 10 * MIN, critical: { threshold: 50, duration: 10 * MIN } });
  });
});
