import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import { SCOPES, type Scope } from '../../../../shared/scopes';
import type { ApiKeyRecord, AuditStore } from '../../ports/audit-store';
import type { Clock } from '../../ports/clock';
import type { Principal } from '../../ports/records';
import { newId, newSecret } from '../ids';
import { ensureDefaultPolicy } from '../decisions/policies';
import { opsAuditEvent } from '../audit-events';

/**
 * API keys look like `dos_<key id>.<secret>`. Only a sha256 of the whole key is stored: keys are 256-bit
 * random, so a slow password hash buys nothing and would cost every request.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedKey {
  key: string;
  record: ApiKeyRecord;
}

export async function createKey(
  store: AuditStore,
  clock: Clock,
  input: { workspaceId: string; name: string; scopes: Scope[] },
): Promise<CreatedKey> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.workspaceId)) throw new AppError('validation_failed', 'workspace: letters, digits, . _ - (max 64)');
  if (!input.name.trim()) throw new AppError('validation_failed', 'a key needs a name');
  const unknown = input.scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length > 0 || input.scopes.length === 0) {
    throw new AppError('validation_failed', `scopes must be some of ${SCOPES.join(', ')}`);
  }
  const { key, record } = newKey({ workspaceId: input.workspaceId, name: input.name.trim(), scopes: input.scopes }, clock.now());
  await store.insertKey(record, hashKey(key));
  await ensureDefaultPolicy(store, clock, input.workspaceId);
  return { key, record };
}

function newKey(o: { workspaceId: string; name: string; scopes: string[] }, at: number): CreatedKey {
  const keyId = newId('key').slice(4);
  return { key: `dos_${keyId}.${newSecret()}`, record: { keyId, ...o, createdAt: at, revokedAt: null, expiresAt: null } };
}

/** Whether a key is accepted at `now`: not revoked, and not past the end of a rotation's grace period. */
export function keyUsable(k: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt'>, now: number): boolean {
  return k.revokedAt === null && (k.expiresAt === null || k.expiresAt > now);
}

export interface RotateOptions {
  /** How long the old key stays valid; 0 (the default): it is revoked at once. */
  graceMs?: number;
  /** Only a key of this workspace may be rotated (a workspace admin's call); others are not found. */
  workspaceId?: string;
}

/** The key a rotation would replace: known (in the workspace, when one is given), not revoked, not rotated already. */
export async function rotatableKey(store: AuditStore, keyId: string, workspaceId?: string): Promise<ApiKeyRecord> {
  const old = await store.findKeyById(keyId);
  if (!old || old.revokedAt !== null || (workspaceId !== undefined && old.workspaceId !== workspaceId)) {
    throw new AppError('not_found', `no active key ${keyId}${workspaceId !== undefined ? ` in workspace ${workspaceId}` : ''} (see keys list)`);
  }
  if (old.expiresAt !== null) {
    throw new AppError('conflict', `key ${keyId} is already rotated: it stays valid until ${new Date(old.expiresAt).toISOString()}; rotate its successor instead`);
  }
  return old;
}

/**
 * Replaces a key by a new secret with the same workspace, name and scopes. The old key is revoked (or, with a
 * grace period, kept valid until then), the new one stored and a KEY_ROTATED event (both key ids, who did it, the
 * old key's end) written in one store transaction.
 */
export async function rotateKey(store: AuditStore, clock: Clock, keyId: string, actor: string, options: RotateOptions = {}): Promise<CreatedKey> {
  const old = await rotatableKey(store, keyId, options.workspaceId);
  const created = newKey({ workspaceId: old.workspaceId, name: old.name, scopes: old.scopes }, clock.now());
  const validUntil = created.record.createdAt + (options.graceMs ?? 0);
  const audit = opsAuditEvent('KEY_ROTATED', {
    workspaceId: old.workspaceId,
    actor,
    target: `key:${keyId}`,
    payload: { old_key_id: keyId, new_key_id: created.record.keyId, key_name: old.name, scopes: old.scopes, old_key_valid_until: new Date(validUntil).toISOString() },
    at: created.record.createdAt,
  });
  if (!(await store.rotateKey(keyId, created.record, hashKey(created.key), audit, validUntil))) {
    throw new AppError('conflict', `key ${keyId} was rotated or revoked meanwhile; see keys list`);
  }
  return created;
}

/** What the authenticator needs of the browser sessions (services/sessions.ts). */
export interface SessionLookup {
  lookup(keyHash: string): Principal | null;
  isLive(sessionId: string): boolean;
  endForKey(keyId: string): string[];
}

/**
 * Resolves a presented key to its principal. Lookups are cached for `ttlMs` (a revocation takes effect
 * within that time, in this and every other process).
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number | null; at: number }>();

  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly sessions: SessionLookup | null = null,
    private readonly ttlMs = 5_000,
  ) {}

  async authenticate(presented: string | undefined): Promise<Principal> {
    if (!presented) throw new AppError('unauthorized', 'send an API key: Authorization: Bearer <key> (see RUNBOOK.md, "API keys")');
    const hash = hashKey(presented);
    const session = this.sessions?.lookup(hash);
    if (session) {
      // Read on every request, not cached: revoking a key ends its browser sessions at once.
      if (!(await this.keyIsActive(session.keyId))) {
        this.sessions?.endForKey(session.keyId);
        throw new AppError('unauthorized', 'this session ended: the API key it was made from is revoked; sign in again');
      }
      return session;
    }
    const now = this.clock.now();
    const cached = this.cache.get(hash);
    let entry = cached && now - cached.at < this.ttlMs ? cached : undefined;
    if (entry === undefined) {
      const record = await this.store.findKeyByHash(hash);
      entry = {
        principal: record && record.revokedAt === null
          ? { keyId: record.keyId, workspaceId: record.workspaceId, name: record.name, scopes: record.scopes as Scope[] }
          : null,
        expiresAt: record?.expiresAt ?? null,
        at: now,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    // The grace period's end is checked on every request, cached or not: a rotated key stops exactly then.
    const principal = entry.expiresAt !== null && entry.expiresAt <= now ? null : entry.principal;
    if (!principal) throw new AppError('unauthorized', 'that API key is unknown, revoked or past the grace period of its rotation');
    return principal;
  }

  /** Whether a principal may still act (open live streams ask): its key is not revoked and its session, if any, is live. */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.sessionId !== undefined && !this.sessions?.isLive(principal.sessionId)) return false;
    return this.keyIsActive(principal.keyId);
  }

  private async keyIsActive(keyId: string): Promise<boolean> {
    const record = await this.store.findKeyById(keyId);
    return record !== null && keyUsable(record, this.clock.now());
  }

  forget(): void {
    this.cache.clear();
  }
}

/** The name of the key the first start creates (workspace `default`, every scope including `system`). */
export const LOCAL_ADMIN_NAME = 'local-admin';

/**
 * Who a browser opened from a login link acts as: the local admin key, under the person's own name. The
 * session is tied to that key's id, so revoking it ends the session.
 */
export async function localAdminPrincipal(store: AuditStore, name: string): Promise<Principal> {
  const now = Date.now();
  const active = (await store.listKeys()).filter((k) => keyUsable(k, now) && k.workspaceId === 'default');
  // By name first; a rotated or re-created admin key may be named otherwise, so then any key with every scope.
  const key = active.find((k) => k.name === LOCAL_ADMIN_NAME) ?? active.find((k) => k.scopes.includes('admin') && k.scopes.includes('system'));
  if (!key) throw new AppError('unauthorized', `no active ${LOCAL_ADMIN_NAME} key in this data dir; create one with \`decisionos keys create\``);
  return { keyId: key.keyId, workspaceId: key.workspaceId, name, scopes: key.scopes as Scope[] };
}
