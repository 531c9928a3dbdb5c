import { iso, type Check } from './check';

/**
 * The workspace's keys still valid after a rotation (rotate-api-key with a grace period). A planned rotation keeps
 * one for a while; after a leak, the old key must not stay usable: a warning names each one and until when.
 */
export const keyRotations: Check = {
  id: 'key-rotations',
  title: 'API keys in a rotation\'s grace period',
  async run({ store, workspaceId, now }) {
    const keys = (await store.listKeys()).filter((k) => k.workspaceId === workspaceId && k.revokedAt === null);
    const inGrace = keys.filter((k) => k.expiresAt !== null && k.expiresAt > now).sort((a, b) => (a.expiresAt as number) - (b.expiresAt as number));
    const active = keys.filter((k) => k.expiresAt === null).length;
    const numbers = { active_keys: active, in_grace: inGrace.length, first_grace_ends_at: iso(inGrace[0]?.expiresAt ?? null) };
    if (inGrace.length === 0) return { status: 'pass', summary: `${active} active key(s) in this workspace; none is a rotated key still in its grace period.`, numbers };
    return {
      status: 'warn',
      summary: `${inGrace.length} rotated key(s) still accepted until their grace period ends: ${inGrace.map((k) => `${k.keyId} ("${k.name}") until ${iso(k.expiresAt)}`).join(', ')}. If a key leaked, revoke it now (decisionos keys revoke).`,
      numbers,
    };
  },
};
