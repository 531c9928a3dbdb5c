import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';
import { TASK_TIMELINE_EVENTS } from '../../src/main/engine/domain/timeline';

let t: TestEngine;
let now = Date.now();

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 1_000 }, { clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

let taskSeq = 0;
/** A needs_review decision (a large amount asks for review under the default policy), judged. */
async function flagged(): Promise<{ decisionId: string; taskId: string }> {
  taskSeq += 1;
  const taskId = `task-undo-${taskSeq}`;
  const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000, customer_id: `c-undo-${taskSeq}` }), task_id: taskId } });
  await t.drain();
  const decisionId = r.body.decision_id as string;
  expect((await t.request('GET', `/api/governance/decisions/${decisionId}`)).body.status).toBe('needs_review');
  return { decisionId, taskId };
}

const undo = (decisionId: string, key?: string) => t.request('POST', `/api/governance/decisions/${decisionId}/review/undo`, { body: {}, ...(key ? { key } : {}) });

describe('undo the last verdict', () => {
  it('puts an approved decision and its task back to review; the trail keeps the verdict and the undo', async () => {
    const { decisionId, taskId } = await flagged();
    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'approve' } });
    expect((await t.request('GET', `/api/governance/tasks/${taskId}/summary`)).body.status).toBe('RUNNING');
    const undone = await undo(decisionId);
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('needs_review');
    expect(undone.body.review).toBeNull();
    expect((await t.request('GET', `/api/governance/tasks/${taskId}/summary`)).body.status).toBe('NEEDS_REVIEW');
    const events = (await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`)).body.items.map((e: { event_type: string }) => e.event_type);
    expect(events.slice(-2)).toEqual(['REVIEW_APPROVED', 'REVIEW_UNDONE']);
    const last = (await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`)).body.items.at(-1);
    expect(last.audit_id).toBe(undone.body.audit_id);
    expect(last.actor).toBe('local-admin');
    // Reviewable again, and the timeline says who undid what.
    const again = await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'reject', note: 'second look' } });
    expect(again.body.status).toBe('blocked');
    const timeline = await t.request('GET', '/api/timeline?kinds=review');
    expect(timeline.status).toBe(200);
    expect(JSON.stringify(timeline.body)).toContain('local-admin undid their approval of a decision on task');
  });

  it('undoes a rejection too, and the verdict and the undo each say which status they moved the decision from and to', async () => {
    const { decisionId, taskId } = await flagged();
    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'reject', note: 'looks off' } });
    expect((await undo(decisionId)).body.status).toBe('needs_review');
    expect((await t.request('GET', `/api/governance/tasks/${taskId}/summary`)).body.status).toBe('NEEDS_REVIEW');
    const trail = (await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`)).body.items.slice(-2) as { event_type: string; payload: Record<string, unknown> }[];
    expect(trail.map((e) => [e.event_type, e.payload.previous_status, e.payload.new_status])).toEqual([
      ['REVIEW_REJECTED', 'needs_review', 'blocked'],
      ['REVIEW_UNDONE', 'blocked', 'needs_review'],
    ]);
  });

  it('refuses a decision without a verdict, a second undo, and an undo after the window', async () => {
    const { decisionId } = await flagged();
    const none = await undo(decisionId);
    expect([none.status, none.body.error.code]).toEqual([409, 'invalid_state']);
    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'approve' } });
    expect((await undo(decisionId)).status).toBe(200);
    const twice = await undo(decisionId);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'invalid_state']);

    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'approve' } });
    now += 61_000;
    const late = await undo(decisionId);
    expect([late.status, late.body.error.code]).toEqual([409, 'invalid_state']);
    expect(late.body.error.message).toContain('can no longer be undone');
    expect((await t.request('GET', `/api/governance/decisions/${decisionId}`)).body.status).toBe('approved');
  });

  it('only the reviewer who gave the verdict can undo it; a key without the review scope cannot; another workspace sees no decision', async () => {
    const { decisionId } = await flagged();
    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'approve' } });
    const colleague = await t.keyFor('default', ['read', 'review']);
    const other = await undo(decisionId, colleague);
    expect([other.status, other.body.error.code]).toEqual([409, 'invalid_state']);
    expect(other.body.error.message).toContain('only local-admin');
    const reader = await t.keyFor('default', ['read']);
    expect((await undo(decisionId, reader)).status).toBe(403);
    const foreign = await t.keyFor('ws-other', ['read', 'review']);
    expect((await undo(decisionId, foreign)).status).toBe(404);
    expect((await t.request('GET', `/api/governance/decisions/${decisionId}`)).body.status).toBe('approved');
    expect(keyIdOf(colleague)).not.toBe(keyIdOf(reader));
  });

  it('two undos at once: one wins, the other is refused, one REVIEW_UNDONE event', async () => {
    const { decisionId, taskId } = await flagged();
    await t.request('POST', `/api/governance/decisions/${decisionId}/review`, { body: { verdict: 'approve' } });
    const [a, b] = await Promise.all([undo(decisionId), undo(decisionId)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = (await t.request('GET', `/api/governance/tasks/${taskId}/decision-trace`)).body.items.filter((e: { event_type: string }) => e.event_type === 'REVIEW_UNDONE');
    expect(events).toHaveLength(1);
  });
});

describe('the timeline index', () => {
  it('covers every task event the timeline reads (migration 4 added REVIEW_UNDONE)', () => {
    const db = new Database(path.join(t.dataDir, 'decisionos.sqlite'), { readonly: true });
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'idx_task_audits_timeline'").pluck().get() as string;
    db.close();
    for (const event of TASK_TIMELINE_EVENTS) expect(sql).toContain(`'${event}'`);
  });
});
