import type { Logger } from 'pino';
import type { EngineConfig } from '../config';
import { backendMode } from '../config';
import { ConfigError } from '../config-error';
import { DisposeStack } from './dispose-stack';
import { openProductionBackends } from './production-backends';
import { pipelineSettings, workerOwner } from './pipeline-settings';
import { systemClock } from '../adapters/system-clock';
import { createLogger } from '../adapters/logger';
import { createMetrics } from '../adapters/metrics';
import { metricsPipelineEvents } from '../services/decisions/pipeline-events';
import { LiveEvents, announcing } from '../services/live-events';
import { ensureDefaultPolicy } from '../services/decisions/policies';
import { ENGINE_VERSION } from '../version';

export interface WorkerProcess {
  readonly logger: Logger;
  readonly owner: string;
  /** Stops claiming, finishes the batches in hand, then closes every connection. */
  stop(): Promise<void>;
}

/**
 * A worker without an API (`decisionos worker`): it claims from the shared queue, judges and writes to the shared
 * store, beats into the worker registry and announces its changes on the bus for the API processes' UIs. Production
 * mode only: the embedded file belongs to one process, whose worker runs inside `serve`.
 */
export async function startWorkerProcess(config: EngineConfig, options: { logger?: Logger } = {}): Promise<WorkerProcess> {
  if (backendMode(config) !== 'production') {
    throw new ConfigError(
      '`decisionos worker` needs DATABASE_URL and REDIS_URL (production mode); the embedded engine judges inside `decisionos serve`',
    );
  }
  if (config.workerConcurrency === 0) throw new ConfigError('a worker process with --concurrency 0 would judge nothing; give it 1 or more');
  const clock = systemClock;
  const logger = options.logger ?? createLogger({ production: config.production, level: config.logLevel });
  const resources = new DisposeStack();
  try {
    const backends = await openProductionBackends(config, resources, logger, clock);
    const metrics = createMetrics({ version: ENGINE_VERSION, breakers: config.integrations.map((i) => i.name), receivers: [] });
    const live = new LiveEvents(clock, undefined, backends.bus, (error) => logger.warn({ err: error }, 'live events: publishing failed'));
    const events = announcing(metricsPipelineEvents(metrics), live);
    for (const workspace of new Set((await backends.store.listKeys()).map((k) => k.workspaceId))) {
      await ensureDefaultPolicy(backends.store, clock, workspace);
    }
    const owner = workerOwner(clock.now());
    await backends.startWorker({ owner, settings: pipelineSettings(config), events, clock, logger, mustRunInline: true });
    resources.defer('the live events', () => live.close());
    return { logger, owner, stop: () => resources.dispose() };
  } catch (error) {
    await resources.dispose().catch(() => undefined);
    throw error;
  }
}
