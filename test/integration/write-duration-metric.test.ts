import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  // The worker on its writer thread, as `decisionos serve` runs it: the observation crosses the thread.
  t = await startTestEngine({ workerThread: true, rateLimitPerMinute: 100_000 }, { telemetryTimer: false });
});
afterAll(async () => {
  await t?.close();
});

describe('decisionos_decision_write_duration_seconds', () => {
  it('observes each batch of judged decisions the worker writes, from the writer thread too', async () => {
    for (let i = 0; i < 20; i += 1) expect((await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: `w-${i}` }), task_id: `w-${i}` } })).status).toBe(202);
    await t.drain();
    await expect
      .poll(async () => {
        const text = (await t.request('GET', '/metrics', { key: null })).body as string;
        return Number(/^decisionos_decision_write_duration_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
      }, { timeout: 10_000 })
      .toBeGreaterThan(0);
  });
});
