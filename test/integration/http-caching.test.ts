import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, contract } from '../../src/shared/contract';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 });
});
afterAll(async () => {
  await t?.close();
});

async function judgedTask(taskId: string): Promise<string> {
  const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ customer_id: taskId }), task_id: taskId } });
  expect(r.status).toBe(202);
  await t.drain();
  return r.body.decision_id as string;
}

describe('conditional requests on the reads a client may keep', () => {
  it('answers a trace page with an ETag, then 304 with no body while it is unchanged, and 200 with a new tag once it changes', async () => {
    await judgedTask('etag-1');
    const url = '/api/governance/tasks/etag-1/decision-trace';
    const first = await t.request('GET', url);
    expect(first.status).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const again = await t.request('GET', url, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(tag);

    // A second decision on the same task adds to its trace: the old tag no longer matches.
    await judgedTask('etag-1');
    const changed = await t.request('GET', url, { headers: { 'if-none-match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(changed.body.items.length).toBeGreaterThan(first.body.items.length);
  });

  it('revalidates decision views and stats the same way, and errors are never tagged', async () => {
    const id = await judgedTask('etag-2');
    for (const url of [`/api/governance/decisions/${id}`, '/api/governance/stats/decision-types', '/api/governance/stats/blocked-reasons']) {
      const first = await t.request('GET', url);
      expect([url, first.status]).toEqual([url, 200]);
      expect((await t.request('GET', url, { headers: { 'if-none-match': first.headers.etag as string } })).status).toBe(304);
    }
    const missing = await t.request('GET', '/api/governance/decisions/dec_missing', { headers: { 'if-none-match': '*' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });

  it("never answers 304 to another workspace's key holding a tag it did not get", async () => {
    const id = await judgedTask('etag-3');
    const tag = (await t.request('GET', `/api/governance/decisions/${id}`)).headers.etag as string;
    const foreign = await t.keyFor('tenant-b', ['read']);
    const r = await t.request('GET', `/api/governance/decisions/${id}`, { key: foreign, headers: { 'if-none-match': tag } });
    expect(r.status).toBe(404);
  });

  it('only GET reads are revalidated (the contract marks no write)', () => {
    const marked = OP_NAMES.filter((n) => 'revalidate' in contract[n]);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.filter((n) => contract[n].method !== 'GET' || 'changes' in contract[n])).toEqual([]);
  });
});
