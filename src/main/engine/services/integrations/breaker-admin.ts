import { AppError } from '../../../../shared/errors';
import type { BreakerActionInput, BreakerList, BreakerView, IntegrationConfig } from '../../../../shared/schemas/integrations';
import { SYSTEM_WORKSPACE, type OpsAuditLog } from '../../ports/audit-store';
import type { BreakerStore } from '../../ports/breaker-store';
import type { Clock } from '../../ports/clock';
import type { Principal } from '../../ports/records';
import type { BreakerAction, BreakerConfig, BreakerSnapshot, BreakerTransition } from '../../domain/breaker';
import { breakerConfigOf } from '../../domain/integration-signals';
import { Breakers } from './breakers';
import type { KvReads } from '../../ports/key-value';
import { opsAuditEvent } from '../audit-events';
import { liveBreakerConfig } from '../runbook/runtime-settings';


export interface BreakerTransitionSink {
  breakerTransition(integration: string, from: string, to: string): void;
}

/** Breaker settings of each integration, by integration name. */
export function integrationBreakerConfigs(integrations: readonly IntegrationConfig[]): Map<string, BreakerConfig> {
  return new Map(integrations.map((i) => [i.name, breakerConfigOf(i)]));
}

/**
 * The one way breakers are built (integrations on the host and the writer thread, the alert webhook): every
 * transition goes to the metrics and is written to the ops audit log as BREAKER_TRANSITION, the incident
 * timeline's record of it. With `kv`, every step runs under the integration's settings in force now (the configured
 * ones with an operator's change-setting), read from the shared KeyValue, so every process applies a change at once.
 */
export function createBreakers(o: {
  configs: ReadonlyMap<string, BreakerConfig>;
  kv?: KvReads;
  store: BreakerStore;
  clock: Clock;
  audit: OpsAuditLog;
  events: BreakerTransitionSink;
  log: { error(obj: object, msg: string): void };
}): Breakers {
  const { kv } = o;
  return new Breakers(o.store, o.clock, o.configs, (integration: string, t: BreakerTransition) => {
    o.events.breakerTransition(integration, t.from, t.to);
    o.audit
      .appendOpsAudit(
        opsAuditEvent('BREAKER_TRANSITION', {
          workspaceId: SYSTEM_WORKSPACE,
          actor: 'breaker',
          target: integration,
          payload: { from: t.from, to: t.to, cause: t.cause },
          at: t.at,
        }),
      )
      .catch((error: unknown) => o.log.error({ err: error, integration }, 'could not record a breaker transition'));
  }, kv ? (integration, configured) => liveBreakerConfig(kv, integration, configured) : undefined);
}

/** The view of a breaker, with the settings in force (an operator's change-setting over the configured ones). */
function view(integration: IntegrationConfig, s: BreakerSnapshot, cfg: BreakerConfig): BreakerView {
  return {
    integration: integration.name,
    applies_to: integration.applies_to,
    state: s.state,
    forced: s.forced,
    forced_by: s.forced_by,
    failures: s.failures,
    successes: s.successes,
    window_seconds: integration.breaker.window_seconds,
    last_transition: s.last_transition,
    next_probe_at: s.next_probe_at,
    latency_ms: s.latency_ms,
    settings: { ...integration.breaker, failure_threshold: cfg.failureThreshold, open_cooldown_seconds: cfg.openCooldownMs / 1000, half_open_probe_count: cfg.halfOpenProbeCount },
  };
}

export async function listBreakers(integrations: readonly IntegrationConfig[], breakers: Breakers): Promise<BreakerList> {
  return { items: await Promise.all(integrations.map(async (i) => view(i, await breakers.snapshot(i.name), await breakers.config(i.name)))) };
}

/** force-open / force-close / reset by an operator: reason required, written as BREAKER_ACTION with who. */
export async function actOnBreaker(
  o: { integrations: readonly IntegrationConfig[]; breakers: Breakers; audit: OpsAuditLog; clock: Clock },
  principal: Principal,
  action: BreakerAction,
  input: BreakerActionInput,
): Promise<BreakerView> {
  const integration = o.integrations.find((i) => i.name === input.integration);
  if (!integration) throw new AppError('not_found', `no integration ${input.integration}`);
  const snapshot = await o.breakers.act(integration.name, action, input.reason, principal.name);
  await o.audit.appendOpsAudit(
    opsAuditEvent('BREAKER_ACTION', {
      workspaceId: SYSTEM_WORKSPACE,
      actor: principal.name,
      target: integration.name,
      payload: { action, reason: input.reason, key_id: principal.keyId, workspace_id: principal.workspaceId, state: snapshot.state },
      at: o.clock.now(),
    }),
  );
  return view(integration, snapshot, await o.breakers.config(integration.name));
}
