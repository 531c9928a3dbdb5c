import { AppError } from '../../../../shared/errors';
import type { PolicyDocument, PolicyList, PolicyVersionView, UploadPolicyResult } from '../../../../shared/schemas/policy';
import type { Caller, Principal } from '../../ports/records';
import type { AuditStore } from '../../ports/audit-store';
import type { Clock } from '../../ports/clock';
import type { ServiceDeps } from '../deps';
import { compilePolicy, policyHash, validatePolicy, type CompiledPolicy } from '../../domain/policy';
import { DEFAULT_POLICY } from '../../domain/default-policy';
import { opsAuditEvent } from '../audit-events';

/**
 * Compiled active policy per workspace. Parsing happens once per policy hash; the active version is
 * re-read at most every `ttlMs`, so an activation in another process is picked up within that time.
 */
export class PolicyCache {
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly active = new Map<string, { policy: CompiledPolicy; checkedAt: number }>();

  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly ttlMs = 1_000,
  ) {}

  async get(workspaceId: string): Promise<CompiledPolicy> {
    const now = this.clock.now();
    const cached = this.active.get(workspaceId);
    if (cached && now - cached.checkedAt < this.ttlMs) return cached.policy;
    const stored = await this.store.activePolicy(workspaceId);
    if (!stored) throw new AppError('internal', `workspace ${workspaceId} has no active policy`);
    let policy = this.compiled.get(stored.hash);
    if (!policy || policy.version !== stored.version) {
      policy = compilePolicy(stored.document, stored.version, stored.hash);
      this.compiled.set(stored.hash, policy);
    }
    this.active.set(workspaceId, { policy, checkedAt: now });
    return policy;
  }

  invalidate(workspaceId: string): void {
    this.active.delete(workspaceId);
  }

  /** Forget which version is active everywhere (compiled policies stay): the worker calls it per batch. */
  refresh(): void {
    this.active.clear();
  }
}

export async function listPolicies(deps: ServiceDeps, principal: Principal): Promise<PolicyList> {
  const items = await deps.store.listPolicies(principal.workspaceId);
  return { active_version: items.find((p) => p.active)?.version ?? null, items };
}

export async function getPolicy(deps: ServiceDeps, principal: Principal, version: number): Promise<PolicyVersionView> {
  const policy = await deps.store.getPolicy(principal.workspaceId, version);
  if (!policy) throw new AppError('not_found', `no policy version ${version}`);
  return policy;
}

/** Validates every rule; any broken rule rejects the whole document. An identical document is not stored twice. */
export async function uploadPolicy(deps: ServiceDeps, principal: Caller, document: PolicyDocument): Promise<UploadPolicyResult> {
  const errors = validatePolicy(document);
  if (errors.length > 0) {
    // The sentence names the rules; their errors are in rule_errors once, so a client listing both repeats nothing.
    const ids = [...new Set(errors.map((e) => e.rule_id))];
    throw new AppError('invalid_policy', `policy rejected: ${ids.length} rule${ids.length > 1 ? 's' : ''} failed validation (${ids.join(', ')})`, {
      rule_errors: errors,
    });
  }
  const hash = policyHash(document);
  const existing = await deps.store.findPolicyByHash(principal.workspaceId, hash);
  if (existing) return { ...existing, created: false };
  const stored = await deps.store.insertPolicy(principal.workspaceId, document, hash, principal.name, deps.clock.now());
  await deps.store.appendOpsAudit(
    opsAuditEvent('POLICY_UPLOADED', {
      workspaceId: principal.workspaceId,
      actor: principal.name,
      target: `policy:${stored.version}`,
      payload: { version: stored.version, hash },
      requestId: principal.requestId,
      at: deps.clock.now(),
    }),
  );
  return { ...stored, created: true };
}

export async function activatePolicy(
  deps: ServiceDeps,
  cache: PolicyCache,
  principal: Caller,
  version: number,
  reason: string,
): Promise<PolicyVersionView> {
  const target = await deps.store.getPolicy(principal.workspaceId, version);
  if (!target) throw new AppError('not_found', `no policy version ${version}`);
  const previous = (await deps.store.activePolicy(principal.workspaceId))?.version ?? null;
  await deps.store.activatePolicy(
    principal.workspaceId,
    version,
    opsAuditEvent('POLICY_ACTIVATED', {
      workspaceId: principal.workspaceId,
      actor: principal.name,
      target: `policy:${version}`,
      payload: { version, hash: target.hash, previous_version: previous, reason },
      requestId: principal.requestId,
      at: deps.clock.now(),
    }),
  );
  cache.invalidate(principal.workspaceId);
  return { ...target, active: true };
}

/** A workspace without any policy gets the shipped default as version 1, active. */
export async function ensureDefaultPolicy(store: AuditStore, clock: Clock, workspaceId: string): Promise<void> {
  if (await store.activePolicy(workspaceId)) return;
  const hash = policyHash(DEFAULT_POLICY);
  const stored =
    (await store.findPolicyByHash(workspaceId, hash)) ??
    (await store.insertPolicy(workspaceId, DEFAULT_POLICY, hash, 'system', clock.now()));
  await store.activatePolicy(
    workspaceId,
    stored.version,
    opsAuditEvent('POLICY_ACTIVATED', {
      workspaceId,
      actor: 'system',
      target: `policy:${stored.version}`,
      payload: { version: stored.version, hash, previous_version: null, reason: 'default policy for a new workspace' },
      at: clock.now(),
    }),
  );
}
