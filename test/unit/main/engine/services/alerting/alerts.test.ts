import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';
import { createSqliteKeyValue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { AlertEngine } from '../../../../../../src/main/engine/services/alerting/alerts';
import { RingBuffer } from '../../../../../../src/main/engine/domain/series';
import { DEFAULT_ALERT_RULES } from '../../../../../../src/main/engine/domain/default-alert-rules';
import type { SeriesPoint } from '../../../../../../src/main/engine/services/alerting/sampler';
import type { AlertView } from '../../../../../../src/shared/schemas/alerts';
import type { OpsAudit } from '../../../../../../src/main/engine/ports/audit-store';
import { tempDataDir } from '../../../../../fixtures/engine';

const MIN = 60_000;
const admin = { keyId: 'k1', workspaceId: 'default', name: 'oncall', scopes: ['admin' as const] };

/** An alert engine on a real key-value store with a fake clock; points are fed by hand. */
async function setup(historyMax = 200) {
  const kv = createSqliteKeyValue(openDatabase(path.join(tempDataDir('dos-alerts-'), 'kv.sqlite')));
  const clock = { t: 1_000 * MIN, now() { return this.t; } };
  const notified: AlertView[] = [];
  const audits: OpsAudit[] = [];
  const engine = new AlertEngine({
    kv, clock, historyMax,
    audit: { appendOpsAudit: async (a) => void audits.push(a) },
    sink: { notify: (a) => notified.push(a) },
    events: { alertFired: () => undefined, alertsChanged: () => undefined },
    log: { error: () => undefined },
  });
  await engine.load();
  const series = new RingBuffer<SeriesPoint>(100);
  const feed = async (values: SeriesPoint['values']) => {
    const point = { at: clock.t, values };
    series.push(point);
    await engine.evaluate(point, series);
  };
  return { engine, kv, clock, notified, audits, feed, minutes: (m: number) => (clock.t += m * MIN) };
}

describe('AlertEngine', () => {
  it('stores the runbooks default rules on first start, each as version 1', async () => {
    const { engine } = await setup();
    const rules = engine.listRules();
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['api-latency-p95', 'queue-depth-high', 'queue-stalled', 'worker-failure-rate', 'decision-lag-p95', 'blocked-tasks-high', 'trace-api-latency-p95', 'http-5xx-rate', 'breaker-open']));
    expect(rules.every((r) => r.version === 1 && r.updated_by === 'system' && r.state === 'inactive')).toBe(true);
  });

  it('stores a default rule a later version added on the next start, and leaves the stored ones as they were', async () => {
    const first = await setup();
    await first.engine.setEnabled(admin, 'queue-depth-high', false, 'we watch the queue elsewhere');
    // An install from before the newer defaults: their stored rules are gone, as they never were stored.
    for (const id of ['monitor-stale', 'throughput-floor']) expect(await first.kv.removeIfVersion(`alert-rule:${id}`, (await first.kv.get(`alert-rule:${id}`))?.version ?? -1)).toBe(true);
    const again = new AlertEngine({
      kv: first.kv, clock: first.clock, historyMax: 200, audit: { appendOpsAudit: async () => undefined }, sink: null,
      events: { alertFired: () => undefined, alertsChanged: () => undefined }, log: { error: () => undefined },
    });
    await again.load();
    const rules = again.listRules();
    expect(rules.map((r) => r.id).sort()).toEqual(DEFAULT_ALERT_RULES.map((r) => r.id).sort());
    expect(rules.find((r) => r.id === 'queue-depth-high')).toMatchObject({ enabled: false, version: 2 });
    expect(rules.find((r) => r.id === 'monitor-stale')).toMatchObject({ enabled: true, version: 1, updated_by: 'system' });
  });

  it('fires only after the duration, notifies, and resolves with a notification when the condition clears', async () => {
    const { engine, feed, minutes, notified, audits } = await setup();
    await feed({ decision_lag_p95_ms: 3_000 });
    for (let m = 0; m < 4; m += 1) {
      minutes(1);
      await feed({ decision_lag_p95_ms: 3_000 });
    }
    expect(engine.active()).toEqual([]);
    expect(engine.listRules().find((r) => r.id === 'decision-lag-p95')?.state).toBe('pending');
    minutes(1);
    await feed({ decision_lag_p95_ms: 3_500 });
    expect(engine.active()).toEqual([expect.objectContaining({ rule_id: 'decision-lag-p95', status: 'firing', value: 3_500, severity: 'warning' })]);
    expect(notified.map((a) => `${a.rule_id}:${a.status}`)).toEqual(['decision-lag-p95:firing']);
    minutes(1);
    await feed({ decision_lag_p95_ms: 200 });
    expect(engine.active()).toEqual([]);
    expect(notified.map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect(engine.recent().map((a) => a.status)).toEqual(['resolved', 'firing']);
    expect(audits.map((a) => a.eventType)).toEqual(['ALERT_FIRING', 'ALERT_RESOLVED']);
  });

  it('does not fire again within the cooldown after it resolved', async () => {
    const { feed, minutes, notified } = await setup();
    await feed({ breakers_open: 1 }); // duration 0: fires at once; cooldown 5 min
    minutes(1);
    await feed({ breakers_open: 0 });
    minutes(1);
    await feed({ breakers_open: 1 });
    minutes(2);
    await feed({ breakers_open: 1 });
    expect(notified.map((a) => a.status)).toEqual(['firing', 'resolved']);
    minutes(2); // five minutes since it fired
    await feed({ breakers_open: 1 });
    expect(notified.map((a) => a.status)).toEqual(['firing', 'resolved', 'firing']);
  });

  it('keeps a silenced alert out of the active list and the notifications, and lets it back when the silence ends', async () => {
    const { engine, feed, minutes, notified, clock } = await setup();
    const silence = await engine.createSilence(admin, { matchers: { alertname: 'breaker-open' }, ends_at: new Date(clock.t + 30 * MIN).toISOString(), comment: 'vendor maintenance' });
    await feed({ breakers_open: 1 });
    expect(engine.active()).toEqual([]);
    expect(engine.active(true)).toEqual([expect.objectContaining({ rule_id: 'breaker-open', silenced_by: silence.id })]);
    expect(notified).toEqual([]);
    expect(engine.listSilences()[0]).toMatchObject({ created_by: 'oncall', comment: 'vendor maintenance', active: true });
    minutes(1);
    await engine.expireSilence(admin, silence.id);
    expect(engine.active()).toEqual([expect.objectContaining({ rule_id: 'breaker-open', silenced_by: null })]);
  });

  it('keeps only the newest entries of the history (200 by default)', async () => {
    const { engine, feed, minutes } = await setup();
    await engine.saveRule(admin, { id: 'flappy', metric: 'queue_depth', type: 'threshold', operator: '>', threshold: 0, duration: 0, severity: 'info', message: 'flaps', cooldown: 0, enabled: true }, 'test flapping', 'create');
    for (let i = 0; i < 130; i += 1) {
      await feed({ queue_depth: 1 });
      minutes(1);
      await feed({ queue_depth: 0 });
      minutes(1);
    }
    const history = engine.recent();
    expect(history).toHaveLength(200);
    expect(history[0]?.status).toBe('resolved');
    expect(Date.parse(history[0]?.ends_at as string)).toBeGreaterThan(Date.parse(history[199]?.starts_at as string));
    expect(engine.recent(5)).toHaveLength(5);
  });

  it('never drops a firing alert on an edit: it stays firing, and disabling resolves it with a notification', async () => {
    const { engine, feed, minutes, notified } = await setup();
    await feed({ queue_depth: 5_000 });
    const rule = engine.listRules().find((r) => r.id === 'queue-depth-high');
    const edited = await engine.saveRule(admin, { ...(rule as NonNullable<typeof rule>), message: 'Queue is deep' }, 'clearer message', 'update');
    expect(edited).toMatchObject({ version: 2, updated_by: 'oncall', state: 'firing' });
    minutes(1);
    await feed({ queue_depth: 5_000 });
    expect(engine.active()).toHaveLength(1);
    await engine.setEnabled(admin, 'queue-depth-high', false, 'noisy during migration');
    minutes(1);
    await feed({ queue_depth: 5_000 });
    expect(engine.active()).toEqual([]);
    expect(notified.map((a) => a.status)).toEqual(['firing', 'resolved']);
  });

  it('refuses a rate rule on a series that is not a running total, and a duplicate id', async () => {
    const { engine } = await setup();
    const rate = { id: 'rate-bad', metric: 'queue_depth' as const, type: 'rate' as const, operator: '>' as const, threshold: 1, duration: 0, severity: 'info' as const, message: 'x', cooldown: 0, enabled: true };
    await expect(engine.saveRule(admin, rate, 'try it', 'create')).rejects.toThrow(/running total series \(decisions_total\)/);
    await expect(engine.saveRule(admin, { ...rate, id: 'queue-depth-high', type: 'threshold' }, 'dup', 'create')).rejects.toThrow(/exists/);
  });

  it('evaluates rate rules on the per-second change of a total', async () => {
    const { engine, feed, minutes, notified } = await setup();
    await engine.saveRule(admin, { id: 'decisions-flood', metric: 'decisions_total', type: 'rate', operator: '>', threshold: 100, duration: 0, severity: 'warning', message: 'more than 100 decisions/s', cooldown: 0, enabled: true }, 'flood guard', 'create');
    await feed({ decisions_total: 0 });
    minutes(1);
    await feed({ decisions_total: 1_000 }); // 16.7/s
    expect(notified).toEqual([]);
    minutes(1);
    await feed({ decisions_total: 10_000 }); // 150/s
    expect(notified).toEqual([expect.objectContaining({ rule_id: 'decisions-flood', status: 'firing', value: 150 })]);
  });

  it('remembers rules, states and silences across a restart', async () => {
    const first = await setup();
    await first.feed({ breakers_open: 1 });
    await first.engine.acknowledge(admin, 'breaker-open', 'looking at the vendor status page');
    const again = new AlertEngine({
      kv: first.kv, clock: first.clock, historyMax: 200, audit: { appendOpsAudit: async () => undefined }, sink: null,
      events: { alertFired: () => undefined, alertsChanged: () => undefined }, log: { error: () => undefined },
    });
    await again.load();
    expect(again.active()).toEqual([expect.objectContaining({ rule_id: 'breaker-open', acknowledged: expect.objectContaining({ by: 'oncall' }) })]);
    expect(again.recent()).toHaveLength(1);
  });
});
