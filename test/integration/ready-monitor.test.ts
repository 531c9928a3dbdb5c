import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let now = Date.parse('2026-12-03T12:00:00Z');
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ sampleIntervalMs: 10_000 }, { telemetryTimer: false, clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

const ready = async () => {
  const r = await t.request('GET', '/ready', { key: null });
  return { status: r.status, monitor: r.body.checks.monitor as { ok: boolean; detail: string } };
};

describe('/ready watches the monitor', () => {
  it("reports the sampler's and the alert engine's last run, and is 503 once no step has sampled for three steps, until one does", async () => {
    expect(await ready()).toEqual({ status: 200, monitor: { ok: true, detail: expect.stringContaining('has not sampled since this process started') } });

    await t.engine.telemetry.tick();
    const sampled = await ready();
    expect(sampled.status).toBe(200);
    expect(sampled.monitor.detail).toMatch(/^Sampled 0 s ago .* and evaluated \d+ rule\(s\) 0 s ago, at /);

    const store = t.engine.store as unknown as { countAttentionTasks: () => Promise<unknown> };
    const real = store.countAttentionTasks;
    store.countAttentionTasks = async () => {
      throw new Error('the disk is gone');
    };
    // One failed step is told, not yet fatal: a short backend outage must not take the engine out of rotation.
    now += 10_000;
    await expect(t.engine.telemetry.tick()).rejects.toThrow('the disk is gone');
    expect(await ready()).toEqual({ status: 200, monitor: { ok: true, detail: 'The last sampling step failed: the disk is gone.' } });
    now += 30_000;
    await expect(t.engine.telemetry.tick()).rejects.toThrow('the disk is gone');
    expect(await ready()).toEqual({ status: 503, monitor: { ok: false, detail: 'The last sampling step failed: the disk is gone.' } });

    store.countAttentionTasks = real;
    await t.engine.telemetry.tick();
    expect((await ready()).status).toBe(200);
  });

  it("is 503 once the sampler has not run for three steps, saying how long ago it last ran", async () => {
    await t.engine.telemetry.tick();
    now += 25_000;
    expect((await ready()).status).toBe(200);
    now += 15_000;
    expect(await ready()).toEqual({ status: 503, monitor: { ok: false, detail: 'The sampler last ran 40 s ago while it runs every 10 s: the monitor has stopped.' } });
    await t.engine.telemetry.tick();
    expect((await ready()).status).toBe(200);
  });
});
