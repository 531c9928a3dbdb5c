import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';
import { DECISION_SORTS, type DecisionView } from '../../src/shared/schemas/decision';

let t: TestEngine;
let now = Date.parse('2026-03-01T00:00:00Z');

/** Three decisions share each clock tick, so created_at has ties; amounts repeat, so risk scores do too. */
async function submitMany(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    if (i % 3 === 0) now += 1_000;
    const body =
      i % 4 === 3
        ? { decision_type: 'agent_tool_call', inputs: { agent_id: `agent-${i % 2}`, tool: i % 8 === 3 ? 'shell.exec' : 'search' } }
        : i % 4 === 2
          ? { decision_type: 'reconciliation', inputs: { affiliate_id: 'aff-1', platform: 'p', claimed_amount: 100, reported_amount: i % 3 ? 100 : 40 } }
          : samplePayment({ amount: [120, 15_000, 60_000][i % 3], customer_id: `sort-cust-${i % 5}` });
    const r = await t.request('POST', '/api/decisions', { body });
    expect(r.status).toBe(202);
  }
}

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 }, { clock: { now: () => now } });
  await submitMany(36);
  await t.drain();
  // Decisions still queued have no risk score yet: the sort must place them too.
  expect((await t.request('POST', '/api/queue/pause', { body: { reason: 'keep some queued' } })).status).toBe(200);
  await submitMany(6);
});
afterAll(async () => {
  await t?.close();
});

async function readAll(query: string, limit: number): Promise<DecisionView[]> {
  const items: DecisionView[] = [];
  let cursor: string | null = null;
  do {
    const r = await t.request('GET', `/api/decisions?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

/** The order the API promises: the key (a missing risk score below every score), then the decision id, both in `order`. */
function sortedInJs(rows: DecisionView[], sort: (typeof DECISION_SORTS)[number], order: 'asc' | 'desc'): string[] {
  const key = (d: DecisionView) => (sort === 'risk_score' ? (d.risk_score ?? -Infinity) : d[sort]);
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => sign * (cmp(key(a), key(b)) || cmp(a.decision_id, b.decision_id))).map((d) => d.decision_id);
}

describe('server-side sorting of the decisions list', () => {
  it('the fixture has ties in every sort key and decisions without a risk score', async () => {
    const all = await readAll('', 500);
    expect(all).toHaveLength(42);
    const distinct = (f: (d: DecisionView) => unknown) => new Set(all.map(f)).size;
    for (const f of [(d: DecisionView) => d.created_at, (d: DecisionView) => d.risk_score, (d: DecisionView) => d.status, (d: DecisionView) => d.decision_type]) {
      expect(distinct(f)).toBeLessThan(all.length);
    }
    expect(all.filter((d) => d.risk_score === null).length).toBeGreaterThan(0);
    expect(all.filter((d) => d.risk_score !== null).length).toBeGreaterThan(0);
    expect(distinct((d) => d.status)).toBeGreaterThan(2);
  });

  for (const sort of DECISION_SORTS) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sort=${sort}&order=${order} pages through every decision in the order sorting all of them gives`, async () => {
        const everything = await readAll('', 500);
        const paged = await readAll(`sort=${sort}&order=${order}`, 5);
        expect(paged.map((d) => d.decision_id)).toEqual(sortedInJs(everything, sort, order));
      });
    }
  }

  it('sorts within a filter: needs_review decisions by risk, highest first', async () => {
    const everything = (await readAll('', 500)).filter((d) => d.status === 'needs_review');
    expect(everything.length).toBeGreaterThan(1);
    const paged = await readAll('status=needs_review&sort=risk_score&order=desc', 2);
    expect(paged.map((d) => d.decision_id)).toEqual(sortedInJs(everything, 'risk_score', 'desc'));
  });

  it('without sort and order, the list is newest first as before', async () => {
    const everything = await readAll('', 500);
    const plain = await readAll('', 7);
    expect(plain.map((d) => d.decision_id)).toEqual(sortedInJs(everything, 'created_at', 'desc'));
  });

  it('a cursor from another sort or order is 400 bad_cursor', async () => {
    const risk = await t.request('GET', '/api/decisions?sort=risk_score&order=desc&limit=3');
    expect(risk.body.next_cursor).toEqual(expect.any(String));
    const newest = await t.request('GET', '/api/decisions?limit=3');
    for (const url of [
      `/api/decisions?sort=status&order=desc&cursor=${risk.body.next_cursor}`,
      `/api/decisions?sort=risk_score&order=asc&cursor=${risk.body.next_cursor}`,
      `/api/decisions?cursor=${risk.body.next_cursor}`,
      `/api/decisions?sort=risk_score&order=desc&cursor=${newest.body.next_cursor}`,
      `/api/decisions?sort=status&cursor=${Buffer.from('{"s":"status","o":"desc","v":7,"id":"x"}').toString('base64url')}`,
      `/api/decisions?sort=risk_score&cursor=${Buffer.from('{"s":"risk_score","o":"desc","v":"high","id":"x"}').toString('base64url')}`,
    ]) {
      const r = await t.request('GET', url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('bad_cursor');
    }
  });

  it('an unknown sort or order is 400 validation_failed naming the field', async () => {
    for (const [query, field] of [['sort=amount', 'sort'], ['order=up', 'order'], ['sort=decision_id', 'sort']]) {
      const r = await t.request('GET', `/api/decisions?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(r.body.error)).toContain(field);
    }
  });
});
