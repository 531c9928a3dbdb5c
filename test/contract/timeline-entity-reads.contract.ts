import { expect, it } from 'vitest';
import type { EntityReads, TimelineQuery, TimelineReads } from '../../src/main/engine/ports/audit-store';
import type { TimelineRow } from '../../src/main/engine/domain/timeline';
import { KIND_OF_EVENT } from '../../src/main/engine/domain/timeline';
import { decodeCursor } from '../../src/main/engine/domain/cursor';
import type { EntityKind } from '../../src/shared/entities';
import type { Finding } from '../../src/shared/schemas/decision';
import { decisionViewOf, type SeedDecision, type StoreSeed } from './store-seed';

export interface ReadsBackend {
  store: TimelineReads & EntityReads;
  seed: StoreSeed;
}

const T0 = Date.UTC(2026, 2, 1, 9, 30, 0, 500);
const iso = (ms: number) => new Date(ms).toISOString();
const EVERY_EVENT = new Set([...Object.keys(KIND_OF_EVENT), 'RECEIVED', 'KEY_ROTATED']);
const query = (over: Partial<TimelineQuery> = {}): TimelineQuery => ({ from: T0, to: T0 + 100, eventTypes: EVERY_EVENT, limit: 50, before: null, ...over });

async function tasks(seed: StoreSeed, workspaceId: string, ...taskIds: string[]) {
  for (const taskId of taskIds) {
    await seed.task({ workspaceId, taskId, decisionType: 'payment_fraud_check', status: 'BLOCKED', createdAt: T0, updatedAt: T0 });
  }
}

const finding = (code: string): Finding => ({ code, severity: 'high', message: `${code} hit`, rule_id: `rule-${code}`, kind: 'redline' });

/** Seeds a decision (and its task, once) with the entity rows it names. */
async function decisionNaming(seed: StoreSeed, d: Omit<SeedDecision, 'decisionType' | 'riskScore' | 'review' | 'processedAt' | 'lagMs'> & Partial<SeedDecision>, names: [EntityKind, string][]) {
  const full: SeedDecision = { decisionType: 'payment_fraud_check', riskScore: 0.5, review: null, processedAt: d.createdAt + 7, lagMs: 7, ...d };
  await seed.decision(full);
  for (const [kind, entityId] of names) await seed.entity({ workspaceId: d.workspaceId, entityId, kind, decisionId: d.decisionId, createdAt: d.createdAt });
  return full;
}

/**
 * What every store's timeline and entity reads must return, row for row, whatever it runs on. The rows are seeded
 * with plain SQL (see store-seed.ts); `fresh` gives an empty store per case.
 */
export function timelineEntityReadsContract(fresh: () => Promise<ReadsBackend>): void {
  it('timeline: merges the workspace\'s task events with its and the system\'s ops events, newest first, within [from, to), with only the fields a line needs', async () => {
    const { store, seed } = await fresh();
    await tasks(seed, 'ws-a', 't1', 't2');
    await tasks(seed, 'ws-b', 't1');
    const audit = (auditId: string, workspaceId: string, eventType: string, createdAt: number, extra: Partial<Parameters<StoreSeed['audit']>[0]> = {}) =>
      seed.audit({ auditId, workspaceId, taskId: 't1', decisionId: 'dec_1', eventType, actor: 'worker', payload: {}, createdAt, ...extra });
    await audit('aud_early', 'ws-a', 'SUPERVISOR_BLOCKED', T0 - 1);
    await audit('aud_blocked', 'ws-a', 'SUPERVISOR_BLOCKED', T0 + 1, {
      reasonCode: 'amount_over_hard_limit',
      payload: { reason: null, decision_snapshot: { findings: [finding('amount_over_hard_limit')], inputs: { amount: 90_000 } } },
    });
    await audit('aud_received', 'ws-a', 'RECEIVED', T0 + 2);
    await audit('aud_review', 'ws-a', 'REVIEW_APPROVED', T0 + 3, {
      actor: 'alice', payload: { review: { verdict: 'approve', note: 'known customer', reviewer: 'alice' } },
    });
    await audit('aud_unblock', 'ws-a', 'MANUAL_UNBLOCK', T0 + 4, {
      taskId: 't2', decisionId: null, actor: null, payload: { reason: 'cleared by phone', request_id: 'req_1' },
    });
    await audit('aud_other_ws', 'ws-b', 'SUPERVISOR_BLOCKED', T0 + 5);
    const ops = (auditId: string, workspaceId: string, eventType: 'POLICY_ACTIVATED' | 'BREAKER_TRANSITION' | 'QUEUE_PAUSED' | 'KEY_ROTATED', createdAt: number, payload: Record<string, unknown>) =>
      seed.opsAudit({ auditId, workspaceId, eventType, actor: 'bob', target: eventType === 'BREAKER_TRANSITION' ? 'sanctions' : 'policy', payload, createdAt });
    await ops('ops_policy', 'ws-a', 'POLICY_ACTIVATED', T0 + 6, { version: 2, previous_version: null, reason: 'tighter limits', key_id: 'k1' });
    await ops('ops_breaker', 'system', 'BREAKER_TRANSITION', T0 + 7, { from: 'closed', to: 'open', cause: { failures: 5 } });
    await ops('ops_other_ws', 'ws-b', 'QUEUE_PAUSED', T0 + 8, {});
    await ops('ops_key', 'ws-a', 'KEY_ROTATED', T0 + 9, {});
    await ops('ops_late', 'ws-a', 'POLICY_ACTIVATED', T0 + 100, { version: 3 });

    const expected: TimelineRow[] = [
      { id: 'ops:ops_breaker', at: T0 + 7, source: 'ops', eventType: 'BREAKER_TRANSITION', actor: 'bob', target: 'sanctions', decisionId: null,
        details: { from: 'closed', to: 'open', cause: { failures: 5 } } },
      { id: 'ops:ops_policy', at: T0 + 6, source: 'ops', eventType: 'POLICY_ACTIVATED', actor: 'bob', target: 'policy', decisionId: null,
        details: { version: 2, reason: 'tighter limits', key_id: 'k1' } },
      { id: 'task:aud_unblock', at: T0 + 4, source: 'task', eventType: 'MANUAL_UNBLOCK', actor: 'system', target: 't2', decisionId: null,
        details: { reason: 'cleared by phone', request_id: 'req_1' } },
      { id: 'task:aud_review', at: T0 + 3, source: 'task', eventType: 'REVIEW_APPROVED', actor: 'alice', target: 't1', decisionId: 'dec_1',
        details: { note: 'known customer', verdict: 'approve' } },
      { id: 'task:aud_blocked', at: T0 + 1, source: 'task', eventType: 'SUPERVISOR_BLOCKED', actor: 'worker', target: 't1', decisionId: 'dec_1',
        details: { reason_code: 'amount_over_hard_limit' } },
    ];
    expect(await store.timeline('ws-a', query())).toEqual(expected);
    expect(await store.timeline('ws-a', query({ limit: 2 }))).toEqual(expected.slice(0, 2));
  });

  it('timeline: filters by event types, from either trail; types it does not show give nothing', async () => {
    const { store, seed } = await fresh();
    await tasks(seed, 'ws-a', 't1');
    for (const [i, eventType] of ['SUPERVISOR_BLOCKED', 'MANUAL_UNBLOCK', 'RUNBOOK_ACTION'].entries()) {
      await seed.audit({ auditId: `aud_${i}`, workspaceId: 'ws-a', taskId: 't1', decisionId: null, eventType, actor: 'a', payload: {}, createdAt: T0 + i });
    }
    for (const [i, eventType] of (['ALERT_FIRING', 'QUEUE_PAUSED'] as const).entries()) {
      await seed.opsAudit({ auditId: `ops_${i}`, workspaceId: 'ws-a', eventType, actor: 'a', target: 'x', payload: {}, createdAt: T0 + 10 + i });
    }
    const ids = async (types: string[]) => (await store.timeline('ws-a', query({ eventTypes: new Set(types) }))).map((r) => r.id);
    expect(await ids(['MANUAL_UNBLOCK', 'QUEUE_PAUSED'])).toEqual(['ops:ops_1', 'task:aud_1']);
    expect(await ids(['SUPERVISOR_BLOCKED', 'RUNBOOK_ACTION'])).toEqual(['task:aud_2', 'task:aud_0']);
    expect(await ids(['ALERT_FIRING'])).toEqual(['ops:ops_0']);
    expect(await ids(['RECEIVED', 'KEY_ROTATED'])).toEqual([]);
    expect(await ids([])).toEqual([]);
  });

  it('timeline: pages with `before` join up to the whole list with no row twice, rows of one instant ordered by id (bytes) across both trails', async () => {
    const { store, seed } = await fresh();
    await tasks(seed, 'ws-a', 't1');
    const audit = (auditId: string, createdAt: number) =>
      seed.audit({ auditId, workspaceId: 'ws-a', taskId: 't1', decisionId: null, eventType: 'RUNBOOK_ACTION', actor: 'a', payload: { action: 'requeue' }, createdAt });
    const ops = (auditId: string, createdAt: number) =>
      seed.opsAudit({ auditId, workspaceId: 'ws-a', eventType: 'QUEUE_PAUSED', actor: 'a', target: 'queue', payload: {}, createdAt });
    await audit('aud_9', T0 + 11);
    await audit('aud_B', T0 + 10);
    await audit('aud_a', T0 + 10);
    await ops('ops_3', T0 + 10);
    await ops('ops_Z', T0 + 10);
    await audit('aud_1', T0 + 9);
    await ops('ops_0', T0 + 8);
    const all = (await store.timeline('ws-a', query())).map((r) => r.id);
    expect(all).toEqual(['task:aud_9', 'task:aud_a', 'task:aud_B', 'ops:ops_Z', 'ops:ops_3', 'task:aud_1', 'ops:ops_0']);

    const paged: string[] = [];
    let before: TimelineQuery['before'] = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await store.timeline('ws-a', query({ limit: 2, before }));
      paged.push(...page.map((r) => r.id));
      const last = page.at(-1);
      if (page.length < 2 || !last) break;
      before = { at: last.at, id: last.id };
    }
    expect(paged).toEqual(all);
  });

  it('entity: an id no decision names gives zero counts, no kinds, no span and no items', async () => {
    const { store } = await fresh();
    expect(await store.getEntity('ws-a', { entityId: 'nobody', kind: null, limit: 10 }, null)).toEqual({
      entity_id: 'nobody', kind: null, found_as: [], decisions: 0, tasks: 0,
      by_status: { queued: 0, processing: 0, approved: 0, needs_review: 0, blocked: 0, failed: 0 },
      top_findings: [], first_seen: null, last_seen: null, affiliate_trust: null, items: [], next_cursor: null,
    });
  });

  async function seedEntityWorkload(seed: StoreSeed) {
    await tasks(seed, 'ws-a', 't1', 't2', 't3', 't9');
    await tasks(seed, 'ws-b', 't1');
    const ws = 'ws-a';
    const d1 = await decisionNaming(seed, { decisionId: 'dec_1', workspaceId: ws, taskId: 't1', status: 'approved', inputs: { customer_id: 'c-1', merchant_id: 'm-1', amount: 10 }, findings: [], createdAt: T0 + 1 }, [['customer', 'c-1'], ['merchant', 'm-1']]);
    const d2 = await decisionNaming(seed, { decisionId: 'dec_2', workspaceId: ws, taskId: 't2', status: 'blocked', inputs: { customer_id: 'c-1', amount: 90_000 }, findings: [finding('amount_over_hard_limit'), finding('velocity')], createdAt: T0 + 2 }, [['customer', 'c-1']]);
    // The same id as customer and merchant: one decision, counted once.
    const d3 = await decisionNaming(seed, { decisionId: 'dec_3', workspaceId: ws, taskId: 't2', status: 'needs_review', inputs: { customer_id: 'c-1', merchant_id: 'c-1' }, findings: [finding('velocity'), finding('velocity')], createdAt: T0 + 3,
      review: { verdict: 'approve', reviewer: 'alice', note: null, reviewed_at: iso(T0 + 50) } }, [['customer', 'c-1'], ['merchant', 'c-1']]);
    const d4 = await decisionNaming(seed, { decisionId: 'dec_4', workspaceId: ws, taskId: 't3', status: 'queued', inputs: { customer_id: 'c-1' }, findings: [], createdAt: T0 + 3, processedAt: null, lagMs: null, riskScore: null }, [['customer', 'c-1']]);
    await decisionNaming(seed, { decisionId: 'dec_other_ws', workspaceId: 'ws-b', taskId: 't1', status: 'blocked', inputs: {}, findings: [finding('x')], createdAt: T0 + 4 }, [['customer', 'c-1']]);
    await decisionNaming(seed, { decisionId: 'dec_other_id', workspaceId: ws, taskId: 't9', status: 'failed', inputs: {}, findings: [finding('y')], createdAt: T0 + 5 }, [['customer', 'c-2']]);
    return { d1, d2, d3, d4 };
  }

  it('entity: counts decisions by status and distinct tasks, ranks findings by decisions, spans first to last and lists the kinds it appears as', async () => {
    const { store, seed } = await fresh();
    const { d1, d2, d3, d4 } = await seedEntityWorkload(seed);
    expect(await store.getEntity('ws-a', { entityId: 'c-1', kind: null, limit: 10 }, null)).toEqual({
      entity_id: 'c-1', kind: null, found_as: ['customer', 'merchant'], decisions: 4, tasks: 3,
      by_status: { queued: 1, processing: 0, approved: 1, needs_review: 1, blocked: 1, failed: 0 },
      top_findings: [{ code: 'velocity', decisions: 2 }, { code: 'amount_over_hard_limit', decisions: 1 }],
      first_seen: iso(T0 + 1), last_seen: iso(T0 + 3), affiliate_trust: null,
      items: [d4, d3, d2, d1].map(decisionViewOf), next_cursor: null,
    });
  });

  it('entity: a kind narrows the counts, span and items; found_as still lists every kind', async () => {
    const { store, seed } = await fresh();
    const { d3 } = await seedEntityWorkload(seed);
    expect(await store.getEntity('ws-a', { entityId: 'c-1', kind: 'merchant', limit: 10 }, null)).toEqual({
      entity_id: 'c-1', kind: 'merchant', found_as: ['customer', 'merchant'], decisions: 1, tasks: 1,
      by_status: { queued: 0, processing: 0, approved: 0, needs_review: 1, blocked: 0, failed: 0 },
      top_findings: [{ code: 'velocity', decisions: 1 }],
      first_seen: iso(T0 + 3), last_seen: iso(T0 + 3), affiliate_trust: null, items: [decisionViewOf(d3)], next_cursor: null,
    });
    expect((await store.getEntity('ws-a', { entityId: 'c-1', kind: 'affiliate', limit: 10 }, null)).decisions).toBe(0);
  });

  it('entity: pages newest first through the cursor, ties of one instant by decision id, every decision once', async () => {
    const { store, seed } = await fresh();
    await seedEntityWorkload(seed);
    const seen: string[] = [];
    let before: { createdAt: number; id: string } | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const view = await store.getEntity('ws-a', { entityId: 'c-1', kind: null, limit: 1 }, before);
      expect(view.decisions).toBe(4);
      seen.push(...view.items.map((d) => d.decision_id));
      if (!view.next_cursor) break;
      const { t, id } = decodeCursor<{ t: number; id: string }>(view.next_cursor, { t: 'number', id: 'string' });
      expect({ t, id }).toEqual({ t: Date.parse(view.items[0]!.created_at), id: view.items[0]!.decision_id });
      before = { createdAt: t, id };
    }
    expect(seen).toEqual(['dec_4', 'dec_3', 'dec_2', 'dec_1']);
  });

  it("entity: an affiliate's trust is its newest judged reconciliation's trust signals; none when read as another kind", async () => {
    const { store, seed } = await fresh();
    await tasks(seed, 'ws-a', 't1');
    const trust = (score: number, reports: number) =>
      JSON.stringify({ affiliate_trust_score: score, affiliate_overclaimed_share: 1 - score, affiliate_missing_share: 0, affiliate_trust_reports: reports });
    const recon = async (decisionId: string, at: number, signals: string | null, judged = true) => {
      await decisionNaming(seed, { decisionId, workspaceId: 'ws-a', taskId: 't1', decisionType: 'reconciliation', status: judged ? 'approved' : 'queued', inputs: { affiliate_id: 'aff-1' }, findings: [], createdAt: at, ...(judged ? {} : { processedAt: null, lagMs: null }) }, [['affiliate', 'aff-1']]);
      if (signals) await seed.execute(`UPDATE decisions SET signals = '${signals}' WHERE decision_id = '${decisionId}'`);
    };
    await recon('dec_r1', T0 + 1, trust(1, 1));
    await recon('dec_r2', T0 + 2, trust(0.5, 2));
    await recon('dec_r3', T0 + 3, null, false);
    await decisionNaming(seed, { decisionId: 'dec_p', workspaceId: 'ws-a', taskId: 't1', status: 'approved', inputs: { customer_id: 'aff-1' }, findings: [], createdAt: T0 + 4 }, [['customer', 'aff-1']]);
    const expected = { score: 0.5, overclaimed_share: 0.5, missing_share: 0, reports: 2, decision_id: 'dec_r2', as_of: iso(T0 + 2 + 7) };
    expect((await store.getEntity('ws-a', { entityId: 'aff-1', kind: null, limit: 10 }, null)).affiliate_trust).toEqual(expected);
    expect((await store.getEntity('ws-a', { entityId: 'aff-1', kind: 'affiliate', limit: 1 }, null)).affiliate_trust).toEqual(expected);
    expect((await store.getEntity('ws-a', { entityId: 'aff-1', kind: 'customer', limit: 10 }, null)).affiliate_trust).toBeNull();
    expect((await store.getEntity('ws-b', { entityId: 'aff-1', kind: null, limit: 10 }, null)).affiliate_trust).toBeNull();
  });
}
