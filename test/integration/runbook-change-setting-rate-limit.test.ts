import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
let limited: string;
let other: string;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100, workerConcurrency: 0 });
  limited = await t.keyFor('ws-limited', ['submit', 'read']);
  other = await t.keyFor('ws-other', ['submit', 'read']);
});
afterAll(async () => {
  await t?.close();
});

const submit = (key: string) => t.request('POST', '/api/decisions', { body: samplePayment(), key });
const preview = (params: object) => t.request('POST', '/api/runbook/actions/change-setting/preview', { body: { params } });
async function change(params: object) {
  const p = await preview(params);
  expect([p.status, p.body.error]).toEqual([200, undefined]);
  const run = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: p.body.params, reason: 'one client floods' } });
  expect([run.status, run.body.error]).toEqual([200, undefined]);
  return { preview: p.body, run: run.body };
}

describe('change-setting rate_limit_per_minute for one workspace', () => {
  it('limits that workspace from its next request (429 on the 4th of 3/min) while another workspace is unaffected; audited with the target, undone back to the configured 100', async () => {
    const { preview: p, run } = await change({ name: 'rate_limit_per_minute', target: 'ws-limited', value: 3 });
    expect(p.summary).toMatch(/^Change rate_limit_per_minute of workspace ws-limited from 100 \(configured\) to 3: /);
    expect(run.summary).toBe('rate_limit_per_minute of workspace ws-limited is 3 from now on (was 100).');

    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await submit(limited)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const refused = await submit(limited);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 6; i += 1) expect((await submit(other)).status).toBe(202);

    const events = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items;
    expect(events.find((e: { id: string }) => e.id === `ops:${run.audit_id}`).details).toMatchObject({
      action: 'change-setting',
      params: { name: 'rate_limit_per_minute', target: 'ws-limited', value: 3 },
      result: { counts: { settings: 1 }, undo: { params: { name: 'rate_limit_per_minute', target: 'ws-limited', value: 100 } } },
    });

    // The undo gives the workspace its configured budget back at once: the calls counted this minute are under 100.
    const undo = await t.request('POST', '/api/runbook/actions/change-setting/run', { body: { params: run.undo.params, reason: 'client fixed' } });
    expect(undo.body.summary).toBe('rate_limit_per_minute of workspace ws-limited is 100 from now on (was 3).');
    expect((await submit(limited)).status).toBe(202);
  });

  it('raises a workspace above the configured budget', async () => {
    const busy = await t.keyFor('ws-busy', ['submit']);
    await change({ name: 'rate_limit_per_minute', target: 'ws-busy', value: 103 });
    const statuses: number[] = [];
    for (let i = 0; i < 104; i += 1) statuses.push((await submit(busy)).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(103);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses a missing or unknown workspace (naming the known ones) and a value out of bounds with 400, changing nothing', async () => {
    const cases: [object, RegExp][] = [
      [{ name: 'rate_limit_per_minute', value: 3 }, /target: rate_limit_per_minute is set per workspace: name the workspace as target/],
      [{ name: 'rate_limit_per_minute', target: 'ws-nobody', value: 3 }, /target: no workspace "ws-nobody"; the workspaces are default, ws-busy, ws-limited, ws-other/],
      [{ name: 'rate_limit_per_minute', target: 'ws-other', value: 0 }, /value: rate_limit_per_minute must be between 1 and 10000000/],
    ];
    for (const [params, message] of cases) {
      const r = await preview(params);
      expect([JSON.stringify(params), r.status, r.body.error.code]).toEqual([JSON.stringify(params), 400, 'validation_failed']);
      expect(r.body.error.message).toMatch(message);
    }
    const unchanged = await preview({ name: 'rate_limit_per_minute', target: 'ws-other', value: 100 });
    expect(unchanged.body.touches.counts).toEqual({ settings: 0 });
  });
});
