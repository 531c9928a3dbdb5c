import { expect } from 'vitest';
import type { ActionScenario, SuiteTarget } from './scenario';

/** The key the arrange step made for the run to rotate (the API has no key creation: it comes from a rotation too). */
const arranged = new WeakMap<SuiteTarget, { key: string; keyId: string }>();

const keyIdOf = (key: string) => key.slice('dos_'.length, key.indexOf('.'));

/**
 * The suite's own key is rotated once with the longest grace (a week: it keeps working for the whole suite) to get
 * a key of its own to rotate; the run rotates that one with no grace: its successor works, it is refused with 401,
 * and the suite's key still works.
 */
const scenario: ActionScenario = {
  action: 'rotate-api-key',
  async arrange(t) {
    const suiteKeyId = (await t.call('GET', '/api/session')).body.key_id as string;
    const made = await t.call('POST', '/api/runbook/actions/rotate-api-key/run', {
      params: { key_id: suiteKeyId, grace_minutes: 10_080 },
      reason: 'action suite arrange: a key to rotate',
      confirm: suiteKeyId,
    });
    expect(made.status).toBe(200);
    const key = made.body.secret as string;
    arranged.set(t, { key, keyId: keyIdOf(key) });
    return { key_id: keyIdOf(key), grace_minutes: 0 };
  },
  async verify(t, preview, result) {
    const { key, keyId } = arranged.get(t)!;
    expect(preview.touches.ids).toEqual([keyId]);
    expect(result.secret).toMatch(/^dos_/);
    expect((await t.call('GET', '/api/session', undefined, result.secret)).status).toBe(200);
    // Revoked at once; a running engine stops accepting it within its 5 s key cache.
    await expect.poll(async () => (await t.call('GET', '/api/session', undefined, key)).status, { timeout: 8_000, interval: 250 }).toBe(401);
    expect((await t.call('GET', '/api/session')).status).toBe(200);
    const timeline = (await t.call('GET', '/api/timeline?kinds=runbook')).body.items as { id: string }[];
    const event = timeline.find((e) => e.id === `ops:${result.audit_id}`);
    expect(event).toBeDefined();
    expect(JSON.stringify(event)).not.toContain((result.secret as string).split('.')[1]);
  },
};
export default scenario;
