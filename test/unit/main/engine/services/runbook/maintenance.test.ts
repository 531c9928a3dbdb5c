import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../../../../../src/main/engine/services/runbook/maintenance';
import type { ServiceDeps } from '../../../../../../src/main/engine/services/deps';
import { startTestEngine, samplePayment, type TestEngine } from '../../../../../fixtures/engine';

const DAY = 86_400_000;
let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function count(dataDir: string, table: string): number {
  const db = new Database(`${dataDir}/decisionos.sqlite`, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('retention', () => {
  it('deletes data older than the retention period and keeps newer data and open decisions', async () => {
    let now = Date.now() - 100 * DAY;
    const clock = { now: () => now };
    t = await startTestEngine({}, { clock });
    await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'old-task', client_request_id: 'old-req' } });
    await t.drain();
    now = Date.now();
    await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'new-task' } });
    await t.drain();
    await t.request('POST', '/api/queue/pause', { body: { reason: 'keep one open' } });
    now = Date.now() - 95 * DAY;
    await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'old-open-task' } });
    now = Date.now();

    const deps = { store: t.engine.store, clock } as unknown as ServiceDeps;
    const counts = await pruneExpired(deps, 90);

    expect(counts.decisions).toBe(1);
    expect(counts.task_audits).toBe(5); // the old judged decision's; the open one keeps its trace
    expect(counts.tasks).toBe(1);
    expect(counts.idempotency_keys).toBe(1);
    expect((await t.request('GET', '/api/governance/tasks/old-task/summary')).status).toBe(404);
    expect((await t.request('GET', '/api/governance/tasks/new-task/summary')).status).toBe(200);
    expect((await t.request('GET', '/api/governance/tasks/old-open-task/summary')).body.decisions.queued).toBe(1);
    expect(count(t.dataDir, 'supervisor_inbox')).toBe(1);
    expect((await t.request('GET', '/api/governance/tasks/old-open-task/decision-trace')).body.total).toBe(2);
    const db = new Database(`${t.dataDir}/decisionos.sqlite`, { readonly: true });
    const logged = db.prepare(`SELECT payload FROM ops_audits WHERE event_type = 'RETENTION_PRUNED'`).pluck().get() as string;
    db.close();
    expect(JSON.parse(logged).decisions).toBe(1);
  });

  it('writes no audit entry when nothing is old enough', async () => {
    t = await startTestEngine();
    await t.request('POST', '/api/decisions', { body: samplePayment() });
    await t.drain();
    const deps = { store: t.engine.store, clock: { now: () => Date.now() } } as unknown as ServiceDeps;
    const counts = await pruneExpired(deps, 90);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const db = new Database(`${t.dataDir}/decisionos.sqlite`, { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) FROM ops_audits WHERE event_type = 'RETENTION_PRUNED'`).pluck().get()).toBe(0);
    db.close();
  });
});
