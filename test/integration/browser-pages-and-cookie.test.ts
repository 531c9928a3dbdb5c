import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, samplePayment, startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
const uiDir = tempDataDir('dos-ui-');
const PAGE = '<!doctype html><title>workstation page</title>';

beforeAll(async () => {
  fs.writeFileSync(path.join(uiDir, 'index.html'), PAGE);
  t = await startTestEngine({}, { uiDir });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(uiDir, { recursive: true, force: true });
});

const NAVIGATE = { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'none', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const ORIGIN = 'http://127.0.0.1';

function cookieOf(headers: Record<string, unknown>): string {
  const raw = headers['set-cookie'];
  return String(Array.isArray(raw) ? raw[0] : raw);
}

/** A browser session as the login link gives it: the Set-Cookie header and the cookie pair to send back. */
async function browserSession(): Promise<{ setCookie: string; cookie: string; keyId: string }> {
  const apiKey = await t.keyFor('default', ['read', 'review', 'admin']);
  const keyId = keyIdOf(apiKey);
  const token = t.engine.sessions.createLoginToken({ keyId, workspaceId: 'default', name: 'ana', scopes: ['read', 'review', 'admin'] });
  const r = await t.request('POST', '/api/session', { body: { token }, key: null, headers: { origin: ORIGIN } });
  expect(r.status).toBe(200);
  const setCookie = cookieOf(r.headers);
  return { setCookie, cookie: setCookie.split(';')[0] as string, keyId };
}

describe('one path, two audiences: page navigations get the UI, API clients get JSON', () => {
  it('a reload or new tab on /decisions/<id> gets the page; curl on the same path gets the decision as JSON', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: samplePayment() });
    const id = submitted.body.decision_id as string;
    const page = await t.request('GET', `/decisions/${id}`, { key: null, headers: NAVIGATE });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body).toBe(PAGE);
    expect(String(page.headers.vary)).toContain('Sec-Fetch-Mode');

    const api = await t.request('GET', `/decisions/${id}`, { headers: { accept: '*/*' } });
    expect(api.status).toBe(200);
    expect(api.body.decision_id).toBe(id);
    // Without a key an API client still gets the JSON error, not a page.
    const refused = await t.request('GET', `/decisions/${id}`, { key: null, headers: { accept: '*/*' } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
    // A script's fetch (Sec-Fetch-Mode: cors) wants data even when it accepts HTML.
    const fetched = await t.request('GET', `/decisions/${id}`, { headers: { 'sec-fetch-mode': 'cors', accept: 'text/html,*/*' } });
    expect(fetched.body.decision_id).toBe(id);
  });

  it('paths that are not pages stay the API even for a browser: /metrics, /health, /api/*', async () => {
    const metrics = await t.request('GET', '/metrics', { key: null, headers: NAVIGATE });
    expect(String(metrics.headers['content-type'])).toContain('text/plain');
    const health = await t.request('GET', '/health', { key: null, headers: NAVIGATE });
    expect(health.body.status).toBe('ok');
    const queue = await t.request('GET', '/api/queue', { key: null, headers: NAVIGATE });
    expect(queue.status).toBe(401);
  });

  it('every workstation page answers a navigation with the page', async () => {
    for (const p of ['/decisions', '/review', '/blocked', '/policies', '/breakers', '/alerts', '/timeline', '/tasks/t-1', '/decisions/%E2%9C%93']) {
      const r = await t.request('GET', p, { key: null, headers: NAVIGATE });
      expect([p, r.status, r.body]).toEqual([p, 200, PAGE]);
    }
  });
});

describe('the browser session is an HttpOnly, SameSite=Strict cookie', () => {
  it('the login link sets it, and it signs in later requests (a reload, a second tab)', async () => {
    const { setCookie, cookie } = await browserSession();
    expect(setCookie).toMatch(/^decisionos_session=dos_session\.[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const me = await t.request('GET', '/api/session', { key: null, headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('ana');
  });

  it('a change sent with the cookie from a foreign origin is refused and changes nothing', async () => {
    const { cookie } = await browserSession();
    const count = async () => (await t.request('GET', '/api/decisions?limit=500')).body.items.length as number;
    const before = await count();
    for (const origin of ['http://evil.example', 'http://127.0.0.1.evil.example', 'null']) {
      const r = await t.request('POST', '/api/decisions', { body: samplePayment(), key: null, headers: { cookie, origin } });
      expect([origin, r.status, r.body.error.code]).toEqual([origin, 403, 'forbidden']);
    }
    // No Origin and no same-origin fetch metadata: refused too.
    const bare = await t.request('POST', '/api/session/logout', { body: {}, key: null, headers: { cookie } });
    expect(bare.status).toBe(403);
    expect((await t.request('GET', '/api/session', { key: null, headers: { cookie } })).status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('the same change from this origin goes through; reads need no Origin', async () => {
    const { cookie } = await browserSession();
    const ok = await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: 'cookie-1' }), key: null, headers: { cookie, origin: ORIGIN } });
    expect(ok.status).toBe(202);
    const sameSite = await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: 'cookie-2' }), key: null, headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.status).toBe(202);
    expect((await t.request('GET', '/api/queue', { key: null, headers: { cookie } })).status).toBe(200);
  });

  it('an Authorization header wins over the cookie, so API clients are not held to the Origin rule', async () => {
    const { cookie } = await browserSession();
    const r = await t.request('POST', '/api/decisions', { body: samplePayment({ customer_id: 'header-wins' }), headers: { cookie, origin: 'http://evil.example' } });
    expect(r.status).toBe(202);
  });

  it('logout clears the cookie and ends the session it carried', async () => {
    const { cookie } = await browserSession();
    const out = await t.request('POST', '/api/session/logout', { body: {}, key: null, headers: { cookie, origin: ORIGIN } });
    expect(out.status).toBe(200);
    expect(cookieOf(out.headers)).toMatch(/^decisionos_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await t.request('GET', '/api/session', { key: null, headers: { cookie } })).status).toBe(401);
  });

  it('revoking the key ends the cookie session at once', async () => {
    const { cookie, keyId } = await browserSession();
    await t.engine.store.revokeKey(keyId, Date.now());
    expect((await t.request('GET', '/api/session', { key: null, headers: { cookie } })).status).toBe(401);
  });

  it('an API key typed into the sign-in form becomes a cookie session; a session cannot make another', async () => {
    const apiKey = await t.keyFor('default', ['read']);
    const r = await t.request('POST', '/api/session/key', { body: {}, key: apiKey, headers: { origin: ORIGIN } });
    expect(r.status).toBe(200);
    const cookie = cookieOf(r.headers).split(';')[0] as string;
    expect((await t.request('GET', '/api/session', { key: null, headers: { cookie } })).body.key_id).toBe(keyIdOf(apiKey));
    const again = await t.request('POST', '/api/session/key', { body: {}, key: null, headers: { cookie, origin: ORIGIN } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('bad_request');
    expect((await t.request('POST', '/api/session/key', { body: {}, key: 'dos_nope.nope' })).status).toBe(401);
  });

  it('a cookie that is not a live session is refused like a wrong key, and other cookies are ignored', async () => {
    const r = await t.request('GET', '/api/session', { key: null, headers: { cookie: 'theme=dark; decisionos_session=dos_session.forged' } });
    expect(r.status).toBe(401);
    const none = await t.request('GET', '/api/session', { key: null, headers: { cookie: 'theme=dark' } });
    expect(none.status).toBe(401);
  });
});
