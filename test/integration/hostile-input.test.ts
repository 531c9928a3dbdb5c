import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHandler } from '../../src/main/ipc';
import { samplePayment, startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'hostile-1' } });
  await t.drain();
});
afterAll(async () => {
  await t?.close();
});

/** `{"a":{"a":...}}` nested `depth` levels, as text (JSON.stringify of such a value would recurse too). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('deeply nested JSON', () => {
  it('answers 400 too_deep over HTTP for 2,000 levels, before validation', async () => {
    const body = `{"decision_type":"payment_fraud_check","inputs":${nestedJson(2_000)}}`;
    const r = await t.request('POST', '/api/decisions', { body, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'too_deep', message: expect.stringContaining('64') });
  });

  it('answers too_deep over IPC too', async () => {
    const handle = createIpcHandler({
      dispatch: t.engine.dispatch,
      principal: { keyId: 'desktop', workspaceId: 'default', name: 'tester', scopes: ['admin', 'system'] },
      isTrustedSender: () => true,
    });
    const reply = await handle({ sender: { id: 1 }, senderFrame: { url: 'http://x' } }, 'submitDecision', { ...samplePayment(), inputs: JSON.parse(nestedJson(2_000)) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'too_deep' } });
  });

  it('still accepts ordinary nesting', async () => {
    const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), inputs: { ...samplePayment().inputs, meta: JSON.parse(nestedJson(10)) } } });
    expect(r.status).toBe(202);
  });
});

describe('forged cursors', () => {
  const forged = [
    Buffer.from('{"t":1e308,"id":"x"}').toString('base64url'),
    Buffer.from('{"t":-1e308,"id":"x"}').toString('base64url'),
    Buffer.from('{"t":8.7e15,"id":"x"}').toString('base64url'),
    Buffer.from('{"s":1e308}').toString('base64url'),
    Buffer.from('{"s":0.5}').toString('base64url'),
  ];
  const pages = ['/api/timeline', '/api/decisions', '/api/governance/tasks', '/api/governance/tasks/hostile-1/decision-trace'];

  it.each(pages)('%s: 400 bad_cursor for each, then a good request still works', async (page) => {
    const good = await t.request('GET', `${page}?limit=5`);
    expect(good.status).toBe(200);
    for (const cursor of forged) {
      const r = await t.request('GET', `${page}?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_cursor');
    }
    const after = await t.request('GET', `${page}?limit=5`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(good.body);
  });
});
