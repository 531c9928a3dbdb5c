import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, startTestEngine, samplePayment, tempDataDir, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
const uiDir = tempDataDir('dos-ui-');

beforeAll(async () => {
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>DecisionOS Workstation</title><div id="root"></div>');
  t = await startTestEngine({ port: 0 }, { listen: true, uiDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(uiDir, { recursive: true, force: true });
});

describe('serving the UI', () => {
  it('serves index.html at / with a strict CSP and no framing', async () => {
    const r = await fetch(`${t.engine.url}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('DecisionOS Workstation');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a deep link with the UI, but an unknown API path with a JSON 404', async () => {
    const page = await fetch(`${t.engine.url}/decisions?status=blocked`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${t.engine.url}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('one-time login', () => {
  it('trades a login token once for a session key that works as a bearer key', async () => {
    const keyId = keyIdOf(await t.keyFor('default', ['read', 'review']));
    const token = t.engine.sessions.createLoginToken({ keyId, workspaceId: 'default', name: 'ana', scopes: ['read', 'review'] });
    const first = await t.request('POST', '/api/session', { body: { token }, key: null });
    expect(first.status).toBe(200);
    expect(first.body.scopes).toEqual(['read', 'review']);
    const me = await t.request('GET', '/api/session', { key: first.body.key });
    expect(me.body).toMatchObject({ workspace_id: 'default', name: 'ana', scopes: ['read', 'review'] });
    expect((await t.request('POST', '/api/decisions', { body: samplePayment(), key: first.body.key })).status).toBe(403);
    const again = await t.request('POST', '/api/session', { body: { token }, key: null });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('unauthorized');
  });

  it('refuses a token it never issued', async () => {
    const r = await t.request('POST', '/api/session', { body: { token: 'x'.repeat(43) }, key: null });
    expect(r.status).toBe(401);
  });
});

describe('live events', () => {
  it('streams a coalesced "decisions" change after a submission, to an authenticated reader only', async () => {
    expect((await fetch(`${t.engine.url}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const stream = await fetch(`${t.engine.url}/api/events`, { headers: { authorization: `Bearer ${t.adminKey}` }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await t.request('POST', '/api/decisions', { body: samplePayment() });
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes('"kind":"decisions"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: change');
    expect(text).toContain('"kind":"decisions"');
  });
});
