import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
type Item = { kind: string; event_type: string; actor: string; summary: string; at: string; link: { ui: string; api: string } | null };

beforeAll(async () => {
  t = await startTestEngine(
    { integrations: [{ name: 'sanctions', url: 'http://127.0.0.1:9/never', applies_to: ['reconciliation'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
      breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }] },
    { telemetryTimer: false },
  );
  // What an incident leaves behind, in order: a block, a review, an unblock, a breaker forced open, its alert.
  await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 90_000 }), task_id: 'tl-blocked' } });
  const review = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000 }), task_id: 'tl-review' } });
  await t.drain();
  await t.request('POST', `/api/governance/decisions/${review.body.decision_id}/review`, { body: { verdict: 'approve', note: 'known customer' } });
  await t.request('POST', '/api/governance/tasks/tl-blocked/unblock', { body: { reason: 'verified by phone' } });
  await t.request('POST', '/api/breakers/sanctions/force-open', { body: { reason: 'vendor maintenance' } });
  await t.engine.telemetry.tick();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/timeline', () => {
  it('merges the task and operations trails newest first, each line with who and a link', async () => {
    const page = await t.request('GET', '/api/timeline');
    expect(page.status).toBe(200);
    const items = page.body.items as Item[];
    const position = (e: string) => items.findIndex((i) => i.event_type === e);
    const story = ['ALERT_FIRING', 'BREAKER_ACTION', 'MANUAL_UNBLOCK', 'REVIEW_APPROVED', 'SUPERVISOR_BLOCKED', 'POLICY_ACTIVATED'].map(position);
    expect(story.every((p) => p >= 0)).toBe(true);
    expect([...story].sort((a, b) => a - b)).toEqual(story);
    const at = items.map((i) => Date.parse(i.at));
    expect([...at].sort((a, b) => b - a)).toEqual(at);
    const byType = Object.fromEntries(items.map((i) => [i.event_type, i]));
    expect(byType.SUPERVISOR_BLOCKED).toMatchObject({ kind: 'blocked', actor: 'supervisor', summary: expect.stringContaining('amount_over_hard_limit') });
    expect(byType.REVIEW_APPROVED).toMatchObject({ kind: 'review', actor: 'local-admin', summary: expect.stringContaining('known customer') });
    expect(byType.MANUAL_UNBLOCK).toMatchObject({ kind: 'unblock', actor: 'local-admin', summary: 'local-admin unblocked task tl-blocked: verified by phone' });
    expect(byType.MANUAL_UNBLOCK?.link?.ui).toMatch(/^\/tasks\/tl-blocked\?audit=/);
    expect(byType.BREAKER_ACTION).toMatchObject({ kind: 'breaker', actor: 'local-admin', summary: 'local-admin ran force-open on breaker sanctions: vendor maintenance' });
    expect(byType.BREAKER_TRANSITION?.summary).toMatch(/^Breaker sanctions: CLOSED → OPEN: force-open/);
    expect(byType.ALERT_FIRING).toMatchObject({ kind: 'alert', actor: 'alert-engine', summary: expect.stringContaining('breaker-open') });
    expect(byType.POLICY_ACTIVATED).toMatchObject({ kind: 'policy', link: { api: '/api/policies/1' } });
  });

  it('filters by kind and time, pages with a cursor, and refuses an unknown kind', async () => {
    const breakers = (await t.request('GET', '/api/timeline?kinds=breaker,alert')).body.items as Item[];
    expect(new Set(breakers.map((i) => i.kind))).toEqual(new Set(['breaker', 'alert']));
    const all = (await t.request('GET', '/api/timeline')).body.items as Item[];
    const first = await t.request('GET', '/api/timeline?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await t.request('GET', `/api/timeline?limit=2&cursor=${first.body.next_cursor}`);
    expect([...first.body.items, ...second.body.items].map((i: Item) => i.event_type)).toEqual(all.slice(0, 4).map((i) => i.event_type));
    const future = await t.request('GET', `/api/timeline?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    const bad = await t.request('GET', '/api/timeline?kinds=weather');
    expect(bad.status).toBe(400);
  });

  it("shows another workspace the system's breaker and alert events but none of this workspace's tasks", async () => {
    const stranger = await t.keyFor('ws-timeline-other', ['read']);
    const items = (await t.request('GET', '/api/timeline', { key: stranger })).body.items as Item[];
    expect(items.some((i) => i.kind === 'breaker')).toBe(true);
    const action = items.find((i) => i.event_type === 'BREAKER_ACTION') as Item & { details: Record<string, unknown> };
    expect(action.details).toMatchObject({ action: 'force-open', reason: 'vendor maintenance' });
    expect(action.details).not.toHaveProperty('key_id');
    expect(action.details).not.toHaveProperty('workspace_id');
    expect(items.some((i) => ['blocked', 'review', 'unblock'].includes(i.kind))).toBe(false);
    expect(items.some((i) => i.event_type === 'POLICY_ACTIVATED' && i.actor === 'local-admin')).toBe(false);
  });
});
