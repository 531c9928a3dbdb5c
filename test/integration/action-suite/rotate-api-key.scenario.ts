import { expect } from 'vitest';
import type { ActionScenario, SuiteTarget } from './scenario';

const keyIdOf = (key: string) => key.slice('dos_'.length, key.indexOf('.'));

/** The key the run rotates, and one of the same workspace it must leave alone. */
const arranged = new WeakMap<SuiteTarget, { key: string; other: string }>();

/** A fresh key rotated with no grace: its successor works at once, it is refused with 401, the other key is untouched. */
const scenario: ActionScenario = {
  action: 'rotate-api-key',
  async arrange(t) {
    const key = await t.keyFor(['read', 'submit']);
    arranged.set(t, { key, other: await t.keyFor(['read']) });
    return { key_id: keyIdOf(key), grace_minutes: 0 };
  },
  async verify(t, preview, result) {
    const { key, other } = arranged.get(t)!;
    expect(preview.touches.ids).toEqual([keyIdOf(key)]);
    const fresh = await t.call('GET', '/api/session', undefined, result.secret);
    expect([fresh.status, fresh.body.scopes]).toEqual([200, ['read', 'submit']]);
    // Revoked at once; a running engine stops accepting it within its 5 s key cache.
    await expect.poll(async () => (await t.call('GET', '/api/session', undefined, key)).status, { timeout: 8_000, interval: 250 }).toBe(401);
    expect((await t.call('GET', '/api/session', undefined, other)).status).toBe(200);
    const timeline = JSON.stringify((await t.call('GET', '/api/timeline?kinds=runbook')).body);
    expect(timeline).toContain(result.audit_id);
    expect(timeline).not.toContain((result.secret as string).split('.')[1]);
  },
};
export default scenario;
