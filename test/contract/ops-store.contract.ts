import { expect, it } from 'vitest';
import type {
  ApiKeyRecord, KeyReads, KeyWrites, OpsAudit, OpsAuditLog, PolicyReads, PolicyWrites, PruneReads, StoreHealth, StoreMaintenance,
} from '../../src/main/engine/ports/audit-store';
import { pruneData } from '../../src/main/engine/services/runbook/prune-data';
import { reclaimSpace } from '../../src/main/engine/services/runbook/reclaim-space';
import type { PolicyDocument } from '../../src/shared/schemas/policy';
import type { StoreSeed } from './store-seed';
import { REQUIRED_INDEXES } from '../../src/main/engine/services/runbook/checks/required-indexes';

/** The store's ports outside the decision pipeline. */
export type OpsStore = PolicyReads & PolicyWrites & KeyReads & KeyWrites & OpsAuditLog & StoreMaintenance & PruneReads & StoreHealth;

/** Batches of exactly two rows: the contract sees several batches per table. */
const TWO_AT_A_TIME = { targetMs: 1_000, start: 2, min: 2, max: 2, growth: 1 };

export interface OpsStoreBackend {
  store: OpsStore;
  seed: StoreSeed;
}

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0, 123);
const DAY = 86_400_000;
const PRUNE_TABLES = 7;

const policy = (name: string, rules = 1): PolicyDocument => ({
  name,
  description: `${name}, for the contract`,
  rules: Array.from({ length: rules }, (_, i) => ({
    id: `rule-${i}`,
    kind: 'redline',
    applies_to: ['payment_fraud_check'],
    expression: `inputs.amount > ${1000 * (i + 1)}`,
    code: `over_${i}`,
    severity: 'high',
    message: `amount over ${1000 * (i + 1)}`,
  })),
});

const opsAudit = (auditId: string, over: Partial<OpsAudit> = {}): OpsAudit => ({
  auditId,
  workspaceId: 'ws-a',
  eventType: 'POLICY_ACTIVATED',
  actor: 'alice',
  target: 'policy',
  payload: { version: 1, reason: 'contract', nested: { list: [1, 'two', null] } },
  createdAt: T0,
  ...over,
});

const key = (keyId: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  keyId,
  workspaceId: 'ws-a',
  name: `key ${keyId}`,
  scopes: ['read', 'write'],
  createdAt: T0,
  revokedAt: null,
  expiresAt: null,
  ...over,
});

/**
 * What every audit store must do for policies, API keys, the operations audit, retention and health, whatever it
 * runs on. `fresh` gives an empty store per case.
 */
export function opsStoreContract(fresh: () => Promise<OpsStoreBackend>): void {
  it('a workspace without policies lists none, finds none and has no active policy', async () => {
    const { store } = await fresh();
    expect(await store.listPolicies('ws-a')).toEqual([]);
    expect(await store.getPolicy('ws-a', 1)).toBeNull();
    expect(await store.findPolicyByHash('ws-a', 'h')).toBeNull();
    expect(await store.activePolicy('ws-a')).toBeNull();
  });

  it('numbers versions from 1 per workspace and reads each back whole: document, author, time, rule count, newest first', async () => {
    const { store } = await fresh();
    const first = await store.insertPolicy('ws-a', policy('first', 2), 'hash-1', 'alice', T0);
    const second = await store.insertPolicy('ws-a', policy('second', 3), 'hash-2', 'bob', T0 + 1);
    const other = await store.insertPolicy('ws-b', policy('other'), 'hash-1', 'carol', T0 + 2);
    expect(first).toEqual({
      version: 1, hash: 'hash-1', name: 'first', author: 'alice', created_at: '2026-01-10T12:00:00.123Z', active: false, rule_count: 2,
      document: policy('first', 2),
    });
    expect([second.version, second.created_at, other.version]).toEqual([2, '2026-01-10T12:00:00.124Z', 1]);
    expect(await store.listPolicies('ws-a')).toEqual([second, first]);
    expect(await store.getPolicy('ws-a', 2)).toEqual(second);
    expect(await store.findPolicyByHash('ws-a', 'hash-2')).toEqual(second);
    expect(await store.findPolicyByHash('ws-b', 'hash-2')).toBeNull();
    expect(await store.getPolicy('ws-b', 2)).toBeNull();
  });

  it('storing a document a workspace already has (same hash) fails and adds no version', async () => {
    const { store } = await fresh();
    await store.insertPolicy('ws-a', policy('p'), 'same', 'alice', T0);
    await expect(store.insertPolicy('ws-a', policy('p again'), 'same', 'alice', T0)).rejects.toThrow();
    expect((await store.listPolicies('ws-a')).map((p) => p.version)).toEqual([1]);
  });

  it('activating a version makes it the active policy, marks it active in every read, and writes its ops audit', async () => {
    const { store, seed } = await fresh();
    await store.insertPolicy('ws-a', policy('one'), 'h1', 'alice', T0);
    await store.insertPolicy('ws-a', policy('two'), 'h2', 'alice', T0);
    const audit = opsAudit('ops_activate_2', { payload: { version: 2, hash: 'h2', previous_version: null } });
    await store.activatePolicy('ws-a', 2, audit);
    expect(await store.activePolicy('ws-a')).toEqual({ version: 2, hash: 'h2', document: policy('two') });
    expect((await store.listPolicies('ws-a')).map((p) => [p.version, p.active])).toEqual([[2, true], [1, false]]);
    expect((await store.getPolicy('ws-a', 2))?.active).toBe(true);
    expect((await store.findPolicyByHash('ws-a', 'h1'))?.active).toBe(false);
    expect(await store.activePolicy('ws-b')).toBeNull();
    expect(await seed.opsAudits()).toEqual([audit]);

    await store.activatePolicy('ws-a', 1, opsAudit('ops_activate_1'));
    expect((await store.activePolicy('ws-a'))?.version).toBe(1);
    expect((await seed.opsAudits()).map((a) => a.auditId)).toEqual(['ops_activate_2', 'ops_activate_1']);
  });

  it('an activation whose audit cannot be written (a duplicate audit id) changes nothing', async () => {
    const { store, seed } = await fresh();
    await store.insertPolicy('ws-a', policy('one'), 'h1', 'alice', T0);
    await store.insertPolicy('ws-a', policy('two'), 'h2', 'alice', T0);
    await store.activatePolicy('ws-a', 1, opsAudit('ops_taken'));
    await expect(store.activatePolicy('ws-a', 2, opsAudit('ops_taken', { actor: 'mallory' }))).rejects.toThrow();
    expect((await store.activePolicy('ws-a'))?.version).toBe(1);
    expect((await seed.opsAudits()).map((a) => a.actor)).toEqual(['alice']);
  });

  it('concurrent uploads to one workspace get distinct, consecutive version numbers', async () => {
    const { store } = await fresh();
    const uploads = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.insertPolicy('ws-a', policy(`p${i}`), `hash-${i}`, 'alice', T0 + i)),
    );
    expect(uploads.map((p) => p.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const listed = await store.listPolicies('ws-a');
    expect(listed.map((p) => p.version)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
    for (const upload of uploads) expect(listed.find((p) => p.version === upload.version)?.hash).toBe(upload.hash);
  });

  it('finds a stored key by hash and by id, not by anything else, and lists keys by creation time then id', async () => {
    const { store } = await fresh();
    await store.insertKey(key('k_b', { createdAt: T0 }), 'secret-b');
    await store.insertKey(key('k_a', { createdAt: T0, workspaceId: 'ws-b', scopes: ['admin', 'system'] }), 'secret-a');
    await store.insertKey(key('k_0', { createdAt: T0 + DAY }), 'secret-0');
    expect(await store.findKeyByHash('secret-b')).toEqual(key('k_b'));
    expect(await store.findKeyById('k_a')).toEqual(key('k_a', { workspaceId: 'ws-b', scopes: ['admin', 'system'] }));
    expect(await store.findKeyByHash('k_b')).toBeNull();
    expect(await store.findKeyById('secret-b')).toBeNull();
    expect((await store.listKeys()).map((k) => k.keyId)).toEqual(['k_a', 'k_b', 'k_0']);
  });

  it('a revoked key is still found by its hash, with revokedAt set (so it no longer authenticates); a second revoke is false', async () => {
    const { store } = await fresh();
    await store.insertKey(key('k1'), 'secret-1');
    expect(await store.revokeKey('k1', T0 + 5)).toBe(true);
    expect(await store.revokeKey('k1', T0 + 9)).toBe(false);
    expect(await store.revokeKey('k_unknown', T0)).toBe(false);
    expect(await store.findKeyByHash('secret-1')).toEqual(key('k1', { revokedAt: T0 + 5 }));
    expect((await store.listKeys())[0]?.revokedAt).toBe(T0 + 5);
  });

  it('rotation revokes the old key at the new key\'s creation time, stores the new key and writes the KEY_ROTATED audit', async () => {
    const { store, seed } = await fresh();
    await store.insertKey(key('k_old'), 'secret-old');
    const next = key('k_new', { createdAt: T0 + DAY });
    const audit = opsAudit('ops_rotate', { eventType: 'KEY_ROTATED', target: 'key:k_old', payload: { old_key_id: 'k_old', new_key_id: 'k_new' }, createdAt: T0 + DAY });
    expect(await store.rotateKey('k_old', next, 'secret-new', audit, T0 + DAY)).toBe(true);
    expect(await store.findKeyById('k_old')).toEqual(key('k_old', { revokedAt: T0 + DAY }));
    expect(await store.findKeyByHash('secret-new')).toEqual(next);
    expect(await seed.opsAudits()).toEqual([audit]);
  });

  it('rotation with a grace period keeps the old key unrevoked until its expiry; a key being rotated cannot be rotated again', async () => {
    const { store, seed } = await fresh();
    await store.insertKey(key('k_old'), 'secret-old');
    const next = key('k_new', { createdAt: T0 + DAY });
    const audit = opsAudit('ops_grace', { eventType: 'KEY_ROTATED', target: 'key:k_old', createdAt: T0 + DAY });
    expect(await store.rotateKey('k_old', next, 'secret-new', audit, T0 + DAY + 60_000)).toBe(true);
    expect(await store.findKeyById('k_old')).toEqual(key('k_old', { expiresAt: T0 + DAY + 60_000 }));
    expect(await store.findKeyByHash('secret-old')).toEqual(key('k_old', { expiresAt: T0 + DAY + 60_000 }));
    expect(await store.rotateKey('k_old', key('k_again', { createdAt: T0 + DAY + 1 }), 'secret-again', opsAudit('ops_again', { eventType: 'KEY_ROTATED' }), T0 + DAY + 1)).toBe(false);
    expect((await store.listKeys()).map((k) => k.keyId)).toEqual(['k_old', 'k_new']);
    expect((await seed.opsAudits()).map((a) => a.auditId)).toEqual(['ops_grace']);
  });

  it('rotating an unknown or a revoked key returns false and writes nothing', async () => {
    const { store, seed } = await fresh();
    await store.insertKey(key('k_gone'), 'secret-gone');
    await store.revokeKey('k_gone', T0 + 1);
    expect(await store.rotateKey('k_gone', key('k_n1'), 'secret-n1', opsAudit('ops_r1', { eventType: 'KEY_ROTATED' }), T0)).toBe(false);
    expect(await store.rotateKey('k_nobody', key('k_n2'), 'secret-n2', opsAudit('ops_r2', { eventType: 'KEY_ROTATED' }), T0)).toBe(false);
    expect((await store.listKeys()).map((k) => k.keyId)).toEqual(['k_gone']);
    expect(await seed.opsAudits()).toEqual([]);
  });

  it('a rotation whose audit cannot be written leaves the old key active and stores no new key', async () => {
    const { store } = await fresh();
    await store.insertKey(key('k_old'), 'secret-old');
    await store.appendOpsAudit(opsAudit('ops_taken'));
    await expect(store.rotateKey('k_old', key('k_new'), 'secret-new', opsAudit('ops_taken', { eventType: 'KEY_ROTATED' }), T0)).rejects.toThrow();
    expect(await store.findKeyById('k_old')).toEqual(key('k_old'));
    expect(await store.findKeyById('k_new')).toBeNull();
  });

  it('two rotations of one key at once: exactly one wins, and only its new key and audit are stored', async () => {
    const { store, seed } = await fresh();
    await store.insertKey(key('k_old'), 'secret-old');
    const results = await Promise.all(
      ['k_x', 'k_y'].map((id) => store.rotateKey('k_old', key(id, { createdAt: T0 + 1 }), `secret-${id}`, opsAudit(`ops_${id}`, { eventType: 'KEY_ROTATED' }), T0 + 1)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'k_x' : 'k_y';
    expect((await store.listKeys()).map((k) => k.keyId)).toEqual(['k_old', winner]);
    expect((await seed.opsAudits()).map((a) => a.auditId)).toEqual([`ops_${winner}`]);
  });

  it('appended ops audits read back exactly: workspace, type, actor, target, JSON payload, time to the millisecond', async () => {
    const { store, seed } = await fresh();
    const entries = [
      opsAudit('ops_1'),
      opsAudit('ops_2', { workspaceId: 'system', eventType: 'BREAKER_TRANSITION', actor: 'system', target: 'sanctions', payload: { from: 'closed', to: 'open', text: 'Grüße ✓' }, createdAt: T0 + 1 }),
    ];
    for (const entry of entries) await store.appendOpsAudit(entry);
    expect(await seed.opsAudits()).toEqual(entries);
    await expect(store.appendOpsAudit(entries[0] as OpsAudit)).rejects.toThrow();
  });

  it('prune deletes only what is older than the cutoff, keeps open decisions and their trail, and reports per-table counts', async () => {
    const { store, seed } = await fresh();
    const cutoff = T0;
    const old = T0 - 10 * DAY;
    const recent = T0 + 1;
    const decision = (decisionId: string, taskId: string, status: 'approved' | 'queued', createdAt: number) =>
      seed.decision({
        decisionId, workspaceId: 'ws-a', taskId, decisionType: 'payment_fraud_check', status, inputs: { customer_id: 'c1' },
        findings: [], riskScore: null, review: null, createdAt, processedAt: null, lagMs: null,
      });
    const task = (taskId: string, at: number) =>
      seed.task({ workspaceId: 'ws-a', taskId, decisionType: 'payment_fraud_check', status: 'RUNNING', createdAt: at, updatedAt: at });
    const audit = (auditId: string, taskId: string, decisionId: string | null, createdAt: number) =>
      seed.audit({ auditId, workspaceId: 'ws-a', taskId, decisionId, eventType: 'RECEIVED', actor: null, payload: {}, createdAt });

    // t-old: a judged decision from long ago, its trail and entity row: all of it goes, then the task.
    await task('t-old', old);
    await decision('d-old', 't-old', 'approved', old);
    await seed.entity({ workspaceId: 'ws-a', entityId: 'c1', kind: 'customer', decisionId: 'd-old', createdAt: old });
    for (const id of ['a-old-1', 'a-old-2']) await audit(id, 't-old', 'd-old', old);
    await audit('a-old-task', 't-old', null, old);
    await seed.taskEvent({ eventId: 'e-old', workspaceId: 'ws-a', taskId: 't-old', decisionId: 'd-old', createdAt: old });
    // t-open: as old, but its decision is still queued: kept whole, whatever its age.
    await task('t-open', old);
    await decision('d-open', 't-open', 'queued', old);
    await audit('a-open', 't-open', 'd-open', old);
    await seed.taskEvent({ eventId: 'e-open', workspaceId: 'ws-a', taskId: 't-open', decisionId: 'd-open', createdAt: old });
    // t-new: after the cutoff.
    await task('t-new', recent);
    await decision('d-new', 't-new', 'approved', recent);
    await audit('a-new', 't-new', 'd-new', recent);
    await seed.opsAudit(opsAudit('ops-old', { createdAt: old }));
    await seed.opsAudit(opsAudit('ops-new', { createdAt: recent }));
    await seed.statsMinute({ workspaceId: 'ws-a', minute: Math.floor(old / 60_000), decisionType: 'payment_fraud_check', status: 'approved', count: 3 });
    await seed.statsMinute({ workspaceId: 'ws-a', minute: Math.floor(recent / 60_000), decisionType: 'payment_fraud_check', status: 'approved', count: 1 });
    const now = T0 + 20 * DAY;
    await seed.idempotencyKey({ workspaceId: 'ws-a', clientRequestId: 'expired', decisionId: 'd-old', expiresAt: now - 1 });
    await seed.idempotencyKey({ workspaceId: 'ws-a', clientRequestId: 'live', decisionId: 'd-new', expiresAt: now + 1 });

    const expected = { task_audits: 3, task_events: 1, decisions: 1, tasks: 1, ops_audits: 1, stats_minutes: 1, idempotency_keys: 1 };
    // The preview's counts: the task too, though it still has rows now (they all go before it).
    expect(await store.countPrunable({ cutoff, now })).toEqual(expected);
    const progress: [number, number][] = [];
    const run = await pruneData(store, { cutoff, now }, { total: 9, sizing: TWO_AT_A_TIME, restMs: 0, onProgress: (d, t) => progress.push([d, t]) });
    expect(run.counts).toEqual(expected);
    // The three old audits take two batches, and every table one more that finds less than a batch.
    expect(run.batches).toBe(PRUNE_TABLES + 1);
    expect(progress.at(0)).toEqual([0, 9]);
    expect(progress.at(-1)).toEqual([9, 9]);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    const left = {
      tasks: await seed.count('tasks'),
      decisions: await seed.count('decisions'),
      task_audits: await seed.count('task_audits'),
      task_events: await seed.count('task_events'),
      decision_entities: await seed.count('decision_entities'),
      ops_audits: (await seed.opsAudits()).map((a) => a.auditId),
      decision_stats_minute: await seed.count('decision_stats_minute'),
      idempotency_keys: await seed.count('idempotency_keys'),
    };
    expect(left).toEqual({
      tasks: 2, decisions: 2, task_audits: 2, task_events: 1, decision_entities: 0, ops_audits: ['ops-new'], decision_stats_minute: 1, idempotency_keys: 1,
    });
    const none = { task_audits: 0, task_events: 0, decisions: 0, tasks: 0, ops_audits: 0, stats_minutes: 0, idempotency_keys: 0 };
    expect(await store.countPrunable({ cutoff, now })).toEqual(none);
    expect((await pruneData(store, { cutoff, now }, { sizing: TWO_AT_A_TIME, restMs: 0 })).counts).toEqual(none);
  });

  it('a prune batch deletes at most its limit and says how long it held the lock', async () => {
    const { store, seed } = await fresh();
    for (const id of ['o1', 'o2', 'o3']) await seed.opsAudit(opsAudit(id, { createdAt: T0 - DAY }));
    const scope = { cutoff: T0, now: T0 };
    const first = await store.pruneBatch('ops_audits', scope, 2);
    expect(first.deleted).toBe(2);
    expect(first.ms).toBeGreaterThanOrEqual(0);
    expect((await store.pruneBatch('ops_audits', scope, 2)).deleted).toBe(1);
    expect((await store.pruneBatch('ops_audits', scope, 2)).deleted).toBe(0);
    expect(await seed.opsAudits()).toEqual([]);
  });

  it('vacuums after a prune in steps that end, reporting pages as whole non-negative numbers or as not counted', async () => {
    const { store, seed } = await fresh();
    for (let i = 0; i < 300; i += 1) await seed.opsAudit(opsAudit(`v${i}`, { createdAt: T0 - DAY, payload: { pad: 'x'.repeat(2_000) } }));
    expect((await pruneData(store, { cutoff: T0, now: T0 }, { restMs: 0 })).counts.ops_audits).toBe(300);
    const vacuum = await reclaimSpace(store, ['ops_audits'], { targetMs: 20, start: 4, min: 4, max: 4, growth: 1 });
    expect(vacuum.steps).toBeGreaterThanOrEqual(1);
    for (const pages of [vacuum.freedPages, vacuum.freePagesLeft]) {
      if (pages !== null) expect(Number.isInteger(pages) && pages >= 0).toBe(true);
    }
  });

  it('answers a ping and reports a whole, non-negative size in bytes', async () => {
    const { store } = await fresh();
    await expect(store.ping()).resolves.toBeUndefined();
    const size = await store.sizeBytes();
    expect(Number.isInteger(size)).toBe(true);
    expect(size).toBeGreaterThanOrEqual(0);
  });

  it('reports free space as whole non-negative bytes or as not known (null), never as a guess', async () => {
    const { store } = await fresh();
    const free = await store.freeBytes();
    if (free !== null) {
      expect(Number.isInteger(free)).toBe(true);
      expect(free).toBeGreaterThanOrEqual(0);
    }
  });

  it('finds no damage in a healthy database, or says it has nothing cheap to check', async () => {
    const { store } = await fresh();
    const report = await store.integrityCheck();
    expect(report).toMatchObject({ ok: true, problems: 0 });
    expect(report.detail.length).toBeGreaterThan(0);
  });

  it("lists every index the runbook requires, and stops listing one once it is dropped", async () => {
    const { store, seed } = await fresh();
    expect(await store.indexNames()).toEqual(expect.arrayContaining([...REQUIRED_INDEXES]));
    await seed.execute('DROP INDEX idx_task_events_created_at');
    try {
      expect(await store.indexNames()).not.toContain('idx_task_events_created_at');
    } finally {
      await seed.execute('CREATE INDEX idx_task_events_created_at ON task_events(created_at)');
    }
    expect(await store.indexNames()).toContain('idx_task_events_created_at');
  });

  it('plans the trace query through an index on task_audits and prints the plan', async () => {
    const { store } = await fresh();
    const plan = await store.tracePlan();
    expect(plan.index).toMatch(/^idx_task_audits_/);
    expect(plan.plan).toContain(plan.index as string);
  });
}
