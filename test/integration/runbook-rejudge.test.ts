import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

/** A sanctions vendor on loopback that answers or is down (503) on command. */
let vendorDown = false;
const vendor = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (vendorDown) return void res.writeHead(503).end('maintenance');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hit: false, score: 0.1 }));
  });
});

let t: TestEngine;
beforeAll(async () => {
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  t = await startTestEngine({
    rateLimitPerMinute: 100_000,
    integrations: [{
      name: 'sanctions', url: `http://127.0.0.1:${(vendor.address() as { port: number }).port}/check`, applies_to: ['payment_fraud_check'],
      timeout_ms: 2_000, retries: 0, retry_backoff_ms: 1, on_unavailable: 'needs_review',
      breaker: { failure_threshold: 2, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 600, half_open_probe_count: 1 },
    }],
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => vendor.close(() => resolve()));
});

const preview = (params: object, key?: string) => t.request('POST', '/api/runbook/actions/rejudge-decisions/preview', { body: { params }, key });
const run = (params: object, confirm: string | undefined, key?: string) =>
  t.request('POST', '/api/runbook/actions/rejudge-decisions/run', { body: { params, reason: 'vendor back', ...(confirm === undefined ? {} : { confirm }) }, key });
const decision = async (id: string) => (await t.request('GET', `/api/governance/decisions/${id}`)).body;
const trace = async (taskId: string) =>
  (await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace?limit=200`)).body.items as { event_type: string; actor: string; payload: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any

async function judged(taskId: string, over: Record<string, unknown> = {}) {
  const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: taskId, ...over }), task_id: taskId } });
  expect(r.status).toBe(202);
  await t.drain();
  return decision(r.body.decision_id);
}

const codes = (d: { findings: { code: string }[] }) => d.findings.map((f) => f.code);

describe('rejudge-decisions after a vendor outage', () => {
  const outage: string[] = [];
  let before: { decision_id: string; status: string };
  let reviewed: { decision_id: string };
  let blocked: { decision_id: string; status: string };
  let since: string;

  it('re-judge moves the outage\'s integration_unavailable decisions to their real outcome with history kept', async () => {
    before = await judged('rj-before');
    expect(before.status).toBe('approved');

    vendorDown = true;
    since = new Date(Date.now() - 1).toISOString();
    for (const id of ['rj-1', 'rj-2', 'rj-3']) {
      const d = await judged(id);
      expect([d.status, codes(d)]).toEqual(['needs_review', expect.arrayContaining(['integration_unavailable'])]);
      outage.push(d.decision_id);
    }
    blocked = await judged('rj-blocked', { card_country: 'IR' }); // blocked for its own reason, also during the outage
    expect(blocked.status).toBe('blocked');
    reviewed = await judged('rj-reviewed');
    const verdict = await t.request('POST', `/api/governance/decisions/${reviewed.decision_id}/review`, { body: { verdict: 'reject', note: 'checked by hand' } });
    expect(verdict.status).toBe(200);
    expect((await t.request('GET', '/api/breakers')).body.items[0].state).toBe('OPEN');

    // The vendor is back; the breaker is closed by hand, as the Vendor outage incident says.
    vendorDown = false;
    const reset = await t.request('POST', '/api/runbook/actions/breaker-reset/run', { body: { params: { integration: 'sanctions' }, reason: 'vendor back' } });
    expect(reset.status).toBe(200);

    const p = await preview({ finding: 'integration_unavailable', status: 'needs_review', since });
    expect(p.status).toBe(200);
    expect(p.body.touches).toEqual({ counts: { decisions: 3 }, ids: outage, total: 3 }); // oldest first; not the reviewed one
    expect(p.body).toMatchObject({ destructive: true, confirm: '3', params: { decision_ids: outage } });

    expect((await run(p.body.params, undefined)).status).toBe(400);
    expect((await run(p.body.params, '4')).status).toBe(409);
    expect((await decision(outage[0] as string)).status).toBe('needs_review'); // the refused runs touched nothing

    const r = await run(p.body.params, p.body.confirm);
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual(p.body.touches.counts);
    expect(r.body.progress).toEqual({ done: 3, total: 3 });
    expect(r.body.undo).toBeNull();
    await t.drain();

    for (const [i, id] of outage.entries()) {
      const now = await decision(id);
      expect([now.status, codes(now)]).toEqual(['approved', []]);
      expect(now.signals.sanctions_available).toBe(true);
      const steps = await trace(`rj-${i + 1}`);
      const types = steps.map((s) => s.event_type);
      expect(types.filter((x) => x.startsWith('SUPERVISOR_'))).toEqual(['SUPERVISOR_NEEDS_REVIEW', 'SUPERVISOR_APPROVED']);
      expect(types.indexOf('SUPERVISOR_NEEDS_REVIEW')).toBeLessThan(types.indexOf('REJUDGED'));
      expect(types.indexOf('REJUDGED')).toBeLessThan(types.indexOf('SUPERVISOR_APPROVED'));
      const earlier = steps.find((s) => s.event_type === 'SUPERVISOR_NEEDS_REVIEW');
      expect(earlier?.payload.decision_snapshot.findings.map((f: { code: string }) => f.code)).toContain('integration_unavailable');
      const rejudge = steps.find((s) => s.event_type === 'REJUDGED');
      expect(rejudge?.payload).toMatchObject({ old_status: 'needs_review', new_status: 'queued', reason: 'vendor back', previous: { status: 'needs_review' } });
      expect(rejudge?.payload.previous.findings.map((f: { code: string }) => f.code)).toContain('integration_unavailable');
      expect(typeof rejudge?.payload.request_id).toBe('string');
    }
    expect((await t.request('GET', `/api/governance/tasks/rj-1/summary`)).body.status).toBe('RUNNING');
    expect(await decision(before.decision_id)).toMatchObject({ status: 'approved' });
    expect(await decision(reviewed.decision_id)).toMatchObject({ status: 'blocked', review: { verdict: 'reject' } });
    expect((await decision(blocked.decision_id)).status).toBe('blocked');

    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items as { details: { action: string; preview: { ids: string[] } } }[];
    expect(timeline.find((e) => e.details.action === 'rejudge-decisions')?.details.preview.ids).toEqual(outage);
  });

  it('a decision re-judged to its real outcome no longer matches the outage filter; by id it is terminal and can be listed again', async () => {
    const again = await preview({ finding: 'integration_unavailable', since });
    expect(again.body.touches.ids).toEqual([blocked.decision_id]); // blocked with the finding too; the re-judged no longer have it
    const pinned = await preview({ decision_ids: outage });
    expect(pinned.body.touches.ids).toEqual(outage); // approved now: terminal, so re-judgeable again by id
    const byType = await preview({ decision_type: 'payment_fraud_check', status: 'approved' });
    expect(byType.body.touches.ids).toEqual(expect.arrayContaining([before.decision_id, ...outage]));
    expect(byType.body.touches.ids).not.toContain(reviewed.decision_id);
  });

  it('two runs of one preview at once re-judge each decision once', async () => {
    const p = await preview({ decision_ids: outage });
    const both = await Promise.all([run(p.body.params, p.body.confirm), run(p.body.params, p.body.confirm)]);
    const touched = both.filter((r) => r.status === 200).reduce((n, r) => n + r.body.counts.decisions, 0);
    expect(touched).toBe(3);
    for (const r of both) expect([200, 409]).toContain(r.status); // the later one previews again and finds them queued
    await t.drain();
    for (const [i] of outage.entries()) {
      expect((await trace(`rj-${i + 1}`)).filter((s) => s.event_type === 'REJUDGED')).toHaveLength(2);
    }
  });

  it('sees only the caller\'s workspace: another workspace\'s operator lists nothing and its run of these ids changes nothing', async () => {
    const foreign = await t.keyFor('tenant-rj', ['operate']);
    expect((await preview({ finding: 'integration_unavailable' }, foreign)).body.touches.total).toBe(0);
    const p = await preview({ decision_ids: outage }, foreign);
    expect(p.body.touches.ids).toEqual([]);
    const r = await run(p.body.params, '0', foreign);
    expect([r.status, r.body.counts]).toEqual([200, { decisions: 0 }]);
    expect((await trace('rj-1')).filter((s) => s.event_type === 'REJUDGED')).toHaveLength(2);
  });

  it('refuses a read key (403), no filter, an unknown or open status, a reversed range, a misspelt filter and too many ids (400)', async () => {
    const reader = await t.keyFor('default', ['read']);
    expect((await preview({ finding: 'integration_unavailable' }, reader)).status).toBe(403);
    expect((await run({ decision_ids: outage }, '3', reader)).status).toBe(403);
    for (const bad of [
      {},
      { status: 'queued' },
      { status: 'processing' },
      { since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' },
      { findings: 'integration_unavailable' },
      { since: 'yesterday' },
      { decision_ids: outage, finding: 'integration_unavailable' },
      { decision_ids: Array.from({ length: 501 }, (_, i) => `dec_${i}`) },
      { finding: 'x'.repeat(129) },
    ]) {
      const r = await preview(bad);
      expect([JSON.stringify(bad).slice(0, 60), r.status, r.body.error?.code]).toEqual([JSON.stringify(bad).slice(0, 60), 400, 'validation_failed']);
    }
  });
});
