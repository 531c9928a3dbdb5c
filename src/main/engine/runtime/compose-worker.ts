import type { Logger } from 'pino';
import type { IntegrationConfig } from '../../../shared/schemas/integrations';
import type { IntegrationClient } from '../ports/integration-client';
import type { BreakerStore } from '../ports/breaker-store';
import type { SignalHistory } from '../ports/signal-history';
import type { KvReads } from '../ports/key-value';
import type { ServiceDeps } from '../services/deps';
import { createHttpIntegrationClient } from '../adapters/http-integration-client';
import { createMemorySignalHistory } from '../adapters/memory-signal-history';
import { createBreakers, integrationBreakerConfigs } from '../services/integrations/breaker-admin';
import { IntegrationLookups } from '../services/integrations/integrations';
import { PolicyCache } from '../services/decisions/policies';
import { Worker, type SignalSource } from '../services/decisions/worker';
import { SignalEngine } from '../domain/signals';

export interface WorkerParts {
  deps: ServiceDeps;
  breakers: BreakerStore;
  /** The shared KeyValue: the worker reads the agent-action kill switch and the breakers' changed settings from it. */
  kv: KvReads;
  integrations: IntegrationConfig[];
  owner: string;
  logger: Logger;
  /** Where the signal engine keeps baselines and velocity; this process's memory when absent. */
  signalHistory?: SignalHistory;
  /** Replaces the signal engine (tests inject failures through it). */
  signals?: SignalSource;
  /** Replaces the HTTP integration client. */
  integrationClient?: IntegrationClient;
}

/** The one way a worker is built, wherever it runs: the writer thread, inline in the engine, a worker process. */
export function composeWorker(p: WorkerParts): Worker {
  const { deps } = p;
  const lookups = p.integrations.length
    ? new IntegrationLookups(
        p.integrations,
        createBreakers({ configs: integrationBreakerConfigs(p.integrations), kv: p.kv, store: p.breakers, clock: deps.clock, audit: deps.store, events: deps.events, log: p.logger }),
        p.integrationClient ?? createHttpIntegrationClient({ maxResponseBytes: deps.settings.outboundMaxResponseBytes }),
        deps.events.integrationCall,
      )
    : null;
  const signals = p.signals ?? new SignalEngine({ allowedActions: deps.settings.allowedActions }, p.signalHistory ?? createMemorySignalHistory());
  return new Worker(deps, new PolicyCache(deps.store, deps.clock), signals, p.owner, p.logger, lookups, p.kv);
}
