import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/engine/engine';
import { keyIdOf, startTestEngine, type TestEngine } from '../fixtures/engine';

let now = Date.parse('2026-12-03T10:00:00Z');
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 100_000 }, { clock: { now: () => now } });
});
afterAll(async () => {
  await t?.close();
});

const preview = (params: object, key?: string) => t.request('POST', '/api/runbook/actions/rotate-api-key/preview', { body: { params }, key });
const run = (params: object, confirm: string | undefined, key?: string) =>
  t.request('POST', '/api/runbook/actions/rotate-api-key/run', { body: { params, reason: 'leaked in a log', ...(confirm === undefined ? {} : { confirm }) }, key });
const whoAmI = (key: string) => t.request('GET', '/api/session', { key });
/** Everything the database holds, as text: the new secret must appear nowhere in it. */
const databaseText = () => {
  const db = new Database(path.join(t.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    return tables.map((name) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  } finally {
    db.close();
  }
};

describe('rotate-api-key', () => {
  it('returns the new secret once (not in the audit), keeps the old key valid for the grace period, then refuses it with 401', async () => {
    const old = await t.keyFor('default', ['read', 'submit']);
    const id = keyIdOf(old);
    const p = await preview({ key_id: id, grace_minutes: 60 });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ touches: { counts: { keys: 1 }, ids: [id], total: 1 }, destructive: true, confirm: id });
    expect(p.body.summary).toContain('stays valid until about 2026-12-03T11:00:00.000Z');

    expect((await run(p.body.params, undefined)).status).toBe(400);
    expect((await run(p.body.params, 'nope')).status).toBe(409);
    const r = await run(p.body.params, p.body.confirm);
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    expect(r.body.counts).toEqual(p.body.touches.counts);
    expect(r.body.undo).toBeNull();
    const secret = r.body.secret as string;
    expect(secret).toMatch(/^dos_[^.]+\..+/);
    expect(r.body.summary).not.toContain(secret.split('.')[1]);

    const fresh = await whoAmI(secret);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ workspace_id: 'default', scopes: ['read', 'submit'] });
    expect((await whoAmI(old)).status).toBe(200); // within the grace period

    const timeline = (await t.request('GET', '/api/timeline?kinds=runbook')).body.items as { id: string; details: Record<string, unknown> }[];
    const event = timeline.find((e) => e.id === `ops:${r.body.audit_id}`);
    expect(event?.details).toMatchObject({ action: 'rotate-api-key', params: { key_id: id, grace_minutes: 60 }, result: { counts: { keys: 1 } } });
    expect(JSON.stringify(event)).not.toContain(secret.split('.')[1]);
    expect(databaseText()).toContain(keyIdOf(secret)); // the scan reads the keys table
    expect(databaseText()).not.toContain(secret.split('.')[1]);

    now += 59 * 60_000;
    expect((await whoAmI(old)).status).toBe(200);
    now += 61_000;
    const refused = await whoAmI(old);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthorized']);
    expect(refused.body.error.message).toMatch(/grace period/);
    expect((await whoAmI(secret)).status).toBe(200);
  });

  it('with grace 0 the old key is revoked at once', async () => {
    const old = await t.keyFor('default', ['read']);
    const p = await preview({ key_id: keyIdOf(old), grace_minutes: 0 });
    const r = await run(p.body.params, p.body.confirm);
    expect(r.status).toBe(200);
    now += 6_000; // past the authenticator's 5 s cache
    expect((await whoAmI(old)).status).toBe(401);
    expect((await whoAmI(r.body.secret)).status).toBe(200);
  });

  it('another workspace\'s key is not found (404) and nothing changes', async () => {
    const foreign = await t.keyFor('tenant-keys', ['read']);
    const p = await preview({ key_id: keyIdOf(foreign), grace_minutes: 0 });
    expect([p.status, p.body.error.code]).toEqual([404, 'not_found']);
    const r = await run({ key_id: keyIdOf(foreign), grace_minutes: 0 }, keyIdOf(foreign));
    expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
    now += 6_000;
    expect((await whoAmI(foreign)).status).toBe(200);
    expect((await preview({ key_id: 'no-such-key', grace_minutes: 0 })).status).toBe(404);
  });

  it('two rotations of one key at once: one new key, the other refused with 409', async () => {
    const old = await t.keyFor('default', ['read']);
    const id = keyIdOf(old);
    const both = await Promise.all([run({ key_id: id, grace_minutes: 5 }, id), run({ key_id: id, grace_minutes: 5 }, id)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const again = await preview({ key_id: id, grace_minutes: 5 });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    expect(again.body.error.message).toMatch(/already rotated/);
  });

  it('refuses a grace out of range, a misspelt or missing param (400), and keys without the admin scope (403)', async () => {
    const old = await t.keyFor('default', ['read']);
    const id = keyIdOf(old);
    for (const bad of [{ key_id: id, grace_minutes: -1 }, { key_id: id, grace_minutes: 10_081 }, { key_id: id, grace_minutes: 1.5 }, { key_id: id }, { key_id: id, grace_minutes: 0, grace: 1 }, { key_id: 'x'.repeat(65), grace_minutes: 0 }, { key_id: '../etc', grace_minutes: 0 }]) {
      const r = await preview(bad);
      expect([JSON.stringify(bad).slice(0, 40), r.status, r.body.error?.code]).toEqual([JSON.stringify(bad).slice(0, 40), 400, 'validation_failed']);
    }
    const operator = await t.keyFor('default', ['operate']);
    expect((await run({ key_id: id, grace_minutes: 0 }, id, operator)).status).toBe(403);
    expect((await preview({ key_id: id, grace_minutes: 0 }, old)).status).toBe(403);
    now += 6_000;
    expect((await whoAmI(old)).status).toBe(200);
  });

  it('a workspace admin rotates a key of its own workspace (admin is enough; system is not needed)', async () => {
    const admin = await t.keyFor('tenant-own', ['admin']);
    const member = await t.keyFor('tenant-own', ['read']);
    const p = await preview({ key_id: keyIdOf(member), grace_minutes: 1 }, admin);
    expect(p.status).toBe(200);
    const r = await run(p.body.params, p.body.confirm, admin);
    expect(r.status).toBe(200);
    expect((await whoAmI(r.body.secret)).body.workspace_id).toBe('tenant-own');
  });
});
