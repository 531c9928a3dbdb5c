import { expect, it } from 'vitest';
import type { AuditExportFilter, AuditExportReads, AuditExportRow } from '../../src/main/engine/ports/audit-store';
import type { StoreSeed } from './store-seed';

export interface ExportBackend {
  store: AuditExportReads;
  seed: StoreSeed;
}

const T0 = Date.UTC(2026, 2, 1, 9, 30, 0, 500);
const filter = (over: Partial<AuditExportFilter> = {}): AuditExportFilter => ({ workspaceId: 'ws-a', taskId: null, eventTypes: null, from: null, to: null, ...over });

/** Reads the whole export `size` rows a page, as the export streams it. */
async function everything(store: AuditExportReads, f: AuditExportFilter, size: number): Promise<AuditExportRow[]> {
  const rows: AuditExportRow[] = [];
  let after: AuditExportRow | null = null;
  for (;;) {
    const page = await store.auditExportPage(f, after, size);
    rows.push(...page);
    const last = page.at(-1);
    if (page.length < size || !last) return rows;
    after = last;
  }
}

async function seedTrail(seed: StoreSeed) {
  for (const [workspaceId, taskId] of [['ws-a', 't1'], ['ws-a', 't2'], ['ws-b', 't1']] as const) {
    await seed.task({ workspaceId, taskId, decisionType: 'payment_fraud_check', status: 'RUNNING', createdAt: T0, updatedAt: T0 });
  }
  const audit = (auditId: string, workspaceId: string, taskId: string, eventType: string, createdAt: number, payload: Record<string, unknown> = {}) =>
    seed.audit({ auditId, workspaceId, taskId, decisionId: `dec_${auditId}`, eventType, actor: 'worker', payload, createdAt, reasonCode: eventType === 'SUPERVISOR_BLOCKED' ? 'redline' : null });
  // Three events share one millisecond: the keyset must tell them apart by id.
  await audit('a1', 'ws-a', 't1', 'RECEIVED', T0, { note: 'has "quotes", commas\nand a newline' });
  await audit('a2', 'ws-a', 't2', 'RECEIVED', T0);
  await audit('a3', 'ws-a', 't1', 'SUPERVISOR_BLOCKED', T0 + 5);
  await audit('b1', 'ws-b', 't1', 'RECEIVED', T0 + 1);
  await seed.opsAudit({ auditId: 'o1', workspaceId: 'ws-a', eventType: 'RUNBOOK_ACTION', actor: 'alice', target: 'unblock-tasks', payload: { reason: 'r' }, createdAt: T0 });
  await seed.opsAudit({ auditId: 'o2', workspaceId: 'system', eventType: 'BREAKER_TRANSITION', actor: 'system', target: 'sanctions', payload: {}, createdAt: T0 + 2 });
  await seed.opsAudit({ auditId: 'o3', workspaceId: 'ws-b', eventType: 'RUNBOOK_ACTION', actor: 'mallory', target: 'x', payload: {}, createdAt: T0 + 3 });
}

/** What every store's compliance-export reads must return, row for row. `fresh` gives an empty store per case. */
export function auditExportReadsContract(fresh: () => Promise<ExportBackend>): void {
  it('merges the task and operations trails of one workspace (and the system events) oldest first by time then id, never another workspace', async () => {
    const { store, seed } = await fresh();
    await seedTrail(seed);
    const rows = await store.auditExportPage(filter(), null, 100);
    expect(rows.map((r) => r.id)).toEqual(['ops:o1', 'task:a1', 'task:a2', 'ops:o2', 'task:a3']);
    expect(rows[1]).toEqual({
      id: 'task:a1', seq: expect.any(Number), at: T0, source: 'task', auditId: 'a1', workspaceId: 'ws-a', eventType: 'RECEIVED', actor: 'worker', taskId: 't1', decisionId: 'dec_a1',
      reasonCode: null, target: null, payload: { note: 'has "quotes", commas\nand a newline' },
    });
    expect(rows[0]).toMatchObject({ source: 'ops', actor: 'alice', target: 'unblock-tasks', taskId: null, payload: { reason: 'r' } });
    expect(await store.countAuditExport(filter())).toBe(5);
    expect((await store.auditExportPage(filter({ workspaceId: 'ws-b' }), null, 100)).map((r) => r.id)).toEqual(['task:b1', 'ops:o2', 'ops:o3']);
  });

  it('pages by keyset: one row a page reads every row once, in the same order, also across a shared millisecond', async () => {
    const { store, seed } = await fresh();
    await seedTrail(seed);
    for (const size of [1, 2, 3]) expect((await everything(store, filter(), size)).map((r) => r.id)).toEqual(['ops:o1', 'task:a1', 'task:a2', 'ops:o2', 'task:a3']);
  });

  it('narrows by task (its trail only), by event types and by a [from, to) range, and counts what it would read', async () => {
    const { store, seed } = await fresh();
    await seedTrail(seed);
    const cases: [Partial<AuditExportFilter>, string[]][] = [
      [{ taskId: 't1' }, ['task:a1', 'task:a3']],
      [{ eventTypes: ['RECEIVED', 'BREAKER_TRANSITION'] }, ['task:a1', 'task:a2', 'ops:o2']],
      [{ from: T0 + 1, to: T0 + 5 }, ['ops:o2']],
      [{ taskId: 't1', eventTypes: ['SUPERVISOR_BLOCKED'], from: T0, to: T0 + 6 }, ['task:a3']],
      [{ taskId: 'nope' }, []],
    ];
    for (const [over, ids] of cases) {
      expect((await everything(store, filter(over), 1)).map((r) => r.id), JSON.stringify(over)).toEqual(ids);
      expect(await store.countAuditExport(filter(over)), JSON.stringify(over)).toBe(ids.length);
    }
  });
}
