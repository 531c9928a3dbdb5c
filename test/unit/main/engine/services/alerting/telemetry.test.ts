import { describe, expect, it } from 'vitest';
import { Telemetry } from '../../../../../../src/main/engine/services/alerting/telemetry';
import type { Sampler } from '../../../../../../src/main/engine/services/alerting/sampler';
import type { AlertEngine } from '../../../../../../src/main/engine/services/alerting/alerts';
import type { AlertReceivers } from '../../../../../../src/main/engine/services/alerting/alert-receivers';
import { createKvLock } from '../../../../../../src/main/engine/services/runbook/kv-lock';
import { createSqliteKeyValue } from '../../../../../../src/main/engine/adapters/sqlite/sqlite-key-value';
import { openDatabase } from '../../../../../../src/main/engine/adapters/sqlite/database';

/** One process's telemetry with counting stand-ins for what it drives. */
function processTelemetry(leadership: (() => Promise<boolean>) | null) {
  const calls = { evaluated: 0, flushed: 0, reloaded: 0, silencesRead: 0 };
  const sampler = { sample: async () => ({ at: Date.now(), values: {} }) } as unknown as Sampler;
  const alerts = {
    evaluate: async () => void (calls.evaluated += 1),
    load: async () => void (calls.reloaded += 1),
    refreshSilences: async () => void (calls.silencesRead += 1),
  } as unknown as AlertEngine;
  const notifier = { flush: async () => void (calls.flushed += 1) } as unknown as AlertReceivers;
  const telemetry = new Telemetry(sampler, alerts, notifier, 1_000, 10, { error: () => undefined }, leadership);
  return { telemetry, calls };
}

describe('Telemetry with alert leadership', () => {
  it('evaluates and notifies in one process only; the others sample and reload the leader\'s state', async () => {
    const lock = createKvLock(createSqliteKeyValue(openDatabase(':memory:')), { now: () => Date.now() });
    const processes = ['api-1', 'worker-1', 'worker-2'].map((owner) => processTelemetry(() => lock.acquire('alerts', owner, 30_000)));
    for (let step = 0; step < 3; step += 1) for (const p of processes) await p.telemetry.tick();
    expect(processes.map((p) => p.calls.evaluated)).toEqual([3, 0, 0]);
    expect(processes.map((p) => p.calls.flushed)).toEqual([3, 0, 0]);
    expect(processes.map((p) => p.calls.reloaded)).toEqual([0, 3, 3]);
    // The leader re-reads the silences before each evaluation: one made through another process counts.
    expect(processes.map((p) => p.calls.silencesRead)).toEqual([3, 0, 0]);
    expect(processes.every((p) => p.telemetry.series.toArray().length === 3)).toBe(true);
  });

  it('does not evaluate while the lock cannot be reached', async () => {
    const p = processTelemetry(async () => {
      throw new Error('Redis is down');
    });
    await p.telemetry.tick();
    expect(p.calls.evaluated).toBe(0);
  });

  it('always evaluates without leadership (one process)', async () => {
    const p = processTelemetry(null);
    await p.telemetry.tick();
    expect(p.calls).toEqual({ evaluated: 1, flushed: 1, reloaded: 0, silencesRead: 0 }); // one process: its own silences are current
  });

  it("puts the age of the monitor's own last run in each point after the first: the older of the sample and, in the lead, the evaluation", async () => {
    let at = 1_000_000;
    let evaluations = 0;
    const sampler = { sample: async () => ({ at, values: {} }) } as unknown as Sampler;
    const alerts = {
      evaluate: async () => {
        evaluations += 1;
        if (evaluations === 2) throw new Error('the store is gone'); // the second step samples but does not evaluate
      },
    } as unknown as AlertEngine;
    const telemetry = new Telemetry(sampler, alerts, null, 10_000, 10, { error: () => undefined }, null);
    await telemetry.tick();
    at += 10_000;
    await expect(telemetry.tick()).rejects.toThrow('the store is gone');
    at += 10_000;
    await telemetry.tick();
    expect(telemetry.series.toArray().map((p) => p.values.monitor_last_run_age_seconds)).toEqual([undefined, 10, 20]);
  });
});
