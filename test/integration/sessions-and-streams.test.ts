import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, startTestEngine, type TestEngine } from '../fixtures/engine';
import type { Scope } from '../../src/shared/scopes';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine({ port: 0, streamCheckIntervalMs: 50 }, { listen: true });
});
afterAll(async () => {
  await t?.close();
});

/** A browser session made from a new key: what the login link gives. */
async function sessionFor(scopes: Scope[]): Promise<{ apiKey: string; keyId: string; session: string }> {
  const apiKey = await t.keyFor('default', scopes);
  const keyId = keyIdOf(apiKey);
  const token = t.engine.sessions.createLoginToken({ keyId, workspaceId: 'default', name: 'ana', scopes });
  const session = (await t.request('POST', '/api/session', { body: { token }, key: null })).body.key as string;
  return { apiKey, keyId, session };
}

interface Stream {
  status: number;
  body: unknown;
  /** Resolves true when the server ends the stream within `ms`. */
  endsWithin(ms: number): Promise<boolean>;
  abort(): void;
}

async function openStream(key: string): Promise<Stream> {
  const controller = new AbortController();
  const r = await fetch(`${t.engine.url}/api/events`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
  if (r.status !== 200) return { status: r.status, body: await r.json(), endsWithin: async () => true, abort: () => controller.abort() };
  const reader = (r.body as ReadableStream<Uint8Array>).getReader();
  await reader.read(); // ': connected'
  return {
    status: r.status,
    body: null,
    async endsWithin(ms) {
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms));
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })().catch(() => true);
      const result = await Promise.race([ended, timeout]);
      if (!result) controller.abort();
      return result;
    },
    abort: () => controller.abort(),
  };
}

describe('sessions follow their key', () => {
  it('a revoked key\'s session gets 401 at once, and its live stream closes', async () => {
    const { keyId, session } = await sessionFor(['read']);
    expect((await t.request('GET', '/api/session', { key: session })).status).toBe(200);
    const stream = await openStream(session);
    expect(stream.status).toBe(200);
    await t.engine.store.revokeKey(keyId, Date.now());
    const after = await t.request('GET', '/api/session', { key: session });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('revoked');
    expect(await stream.endsWithin(3_000)).toBe(true);
  });

  it('a revoked API key\'s own live stream closes too', async () => {
    const apiKey = await t.keyFor('default', ['read']);
    const stream = await openStream(apiKey);
    await t.engine.store.revokeKey(keyIdOf(apiKey), Date.now());
    expect(await stream.endsWithin(3_000)).toBe(true);
  });
});

describe('POST /api/session/logout', () => {
  it('ends the session and closes its live stream; the key it was made from keeps working', async () => {
    const { apiKey, session } = await sessionFor(['read']);
    const stream = await openStream(session);
    const out = await t.request('POST', '/api/session/logout', { key: session, body: {} });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ ended: true });
    expect(await stream.endsWithin(1_000)).toBe(true);
    expect((await t.request('GET', '/api/session', { key: session })).status).toBe(401);
    expect((await t.request('POST', '/api/session/logout', { key: session, body: {} })).status).toBe(401);
    expect((await t.request('GET', '/api/session', { key: apiKey })).status).toBe(200);
  });

  it('refuses an API key with 400: that is revoked, not logged out', async () => {
    const r = await t.request('POST', '/api/session/logout', { body: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
  });
});

describe('live streams per key', () => {
  it('refuses the 21st stream of one key with 429 too_many_streams, and frees a slot when one closes', async () => {
    const apiKey = await t.keyFor('default', ['read']);
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(apiKey)));
    expect(streams.map((s) => s.status)).toEqual(Array(20).fill(200));
    const extra = await openStream(apiKey);
    expect(extra.status).toBe(429);
    expect(extra.body).toMatchObject({ error: { code: 'too_many_streams' } });
    // Another key is not affected.
    const other = await openStream(await t.keyFor('default', ['read']));
    expect(other.status).toBe(200);
    other.abort();
    streams[0]?.abort();
    let again: Stream | null = null;
    for (let i = 0; i < 50 && again?.status !== 200; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openStream(apiKey);
    }
    expect(again?.status).toBe(200);
    for (const s of [...streams, again as Stream]) s.abort();
  });
});
