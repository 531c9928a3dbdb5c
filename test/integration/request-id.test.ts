import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

describe('request ids on audit events', () => {
  it('records the X-Request-Id of a submission on its RECEIVED and ENQUEUED events, shown in the trace', async () => {
    const submitted = await t.request('POST', '/api/decisions', {
      body: { ...samplePayment(), task_id: 'task-rid-1' },
      headers: { 'x-request-id': 'rid-submit-1' },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers['x-request-id']).toBe('rid-submit-1');
    await t.drain();
    const trace = await t.request('GET', '/api/governance/tasks/task-rid-1/decision-trace');
    const byType = Object.fromEntries(trace.body.items.map((e: { event_type: string; payload: Record<string, unknown> }) => [e.event_type, e.payload]));
    expect(byType.RECEIVED.request_id).toBe('rid-submit-1');
    expect(byType.ENQUEUED.request_id).toBe('rid-submit-1');
    // The worker's own steps were not caused by the request.
    expect(byType.SIGNALS_COMPUTED?.request_id).toBeUndefined();
  });

  it("records a review's request id on the REVIEW_* event, in the trace and in the timeline", async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000 }), task_id: 'task-rid-2' } });
    await t.drain();
    const reviewed = await t.request('POST', `/api/governance/decisions/${submitted.body.decision_id}/review`, {
      body: { verdict: 'approve' },
      headers: { 'x-request-id': 'rid-review-2' },
    });
    expect(reviewed.status).toBe(200);
    const trace = await t.request('GET', '/api/governance/tasks/task-rid-2/decision-trace');
    const review = trace.body.items.find((e: { event_type: string }) => e.event_type === 'REVIEW_APPROVED');
    expect(review.payload.request_id).toBe('rid-review-2');
    const timeline = await t.request('GET', '/api/timeline?kinds=review');
    const item = timeline.body.items.find((i: { details: { request_id?: string } }) => i.details.request_id === 'rid-review-2');
    expect(item?.event_type).toBe('REVIEW_APPROVED');
  });

  it('makes up a request id when the header is missing or not sane, and records that one', async () => {
    const submitted = await t.request('POST', '/api/decisions', {
      body: { ...samplePayment(), task_id: 'task-rid-3' },
      headers: { 'x-request-id': 'bad id with spaces and <tags>' },
    });
    const generated = String(submitted.headers['x-request-id']);
    expect(generated).toMatch(/^req_/);
    const trace = await t.request('GET', '/api/governance/tasks/task-rid-3/decision-trace');
    expect(trace.body.items[0].payload.request_id).toBe(generated);
  });
});
