import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EngineConfig } from './config';
import type { Clock } from './ports/clock';
import type { AuditStore } from './ports/audit-store';
import type { JobQueue } from './ports/job-queue';
import type { Tracing } from './ports/tracing';
import type { Ready } from '../../shared/schemas/system';
import { DisposeStack } from './runtime/dispose-stack';
import { createReviewClaims } from './services/decisions/review-claims';
import type { IntegrationClient } from './ports/integration-client';
import { createBreakers, integrationBreakerConfigs } from './services/integrations/breaker-admin';
import { Sampler } from './services/alerting/sampler';
import { AlertEngine } from './services/alerting/alerts';
import { AlertNotifier, WEBHOOK_BREAKER_CONFIG } from './services/alerting/alert-notifier';
import { AlertReceivers } from './services/alerting/alert-receivers';
import { alertReceiverConfigs } from './services/alerting/receiver-configs';
import { Telemetry } from './services/alerting/telemetry';
import { currentMute } from './services/alerting/notification-mute';
import { createHttpWebhookPost } from './adapters/webhook-client';
import type { WebhookPost } from './ports/webhook';
import { ensurePrivateDir, restrictFiles, writePrivateFile } from './adapters/private-files';
import { removedJobsDir } from './adapters/removed-jobs-dir';
import { systemClock } from './adapters/system-clock';
import { createLogger } from './adapters/logger';
import { createHttpServer } from './http/server';
import { QUEUE_STATES, createMetrics, type EngineMetrics } from './adapters/metrics';
import { metricsPipelineEvents } from './services/decisions/pipeline-events';
import { LiveEvents, announcing, changesOf } from './services/live-events';
import { PolicyCache, ensureDefaultPolicy } from './services/decisions/policies';
import type { SignalSource } from './services/decisions/worker';
import type { WorkerHandle } from './runtime/writer-thread-client';
import { openEmbeddedBackends } from './runtime/embedded-backends';
import { openProductionBackends } from './runtime/production-backends';
import { openEngineTracing, tracingSettings } from './runtime/engine-tracing';
import { backendMode } from './config';
import { KeyAuthenticator, LOCAL_ADMIN_NAME, createKey } from './services/access/keys';
import { Sessions } from './services/access/sessions';
import { LiveStreams } from './services/access/live-streams';
import { createOperations, type Operations } from './services/operations';
import { createDispatcher, type Dispatch } from './services/access/dispatcher';
import { installRoot } from './install-root';
import type { ServiceDeps } from './services/deps';
import { pipelineSettings, workerOwner } from './runtime/pipeline-settings';
import { scheduleMaintenance } from './services/runbook/maintenance';
import { Reconciler } from './services/decisions/reconciler';
import { listBreakers } from './services/integrations/breaker-admin';
import { diskSpace } from './adapters/disk-space';
import { alertEngineHealth, monitorStopped } from './services/runbook/checks/alert-engine';
import { MISSING_TERMINAL, missingTerminalRatio, missingTerminalSpan } from './domain/missing-terminal';
import { intakePause } from './services/runbook/intake-switch';
import { liveRateLimit } from './services/runbook/runtime-settings';
import { createExportFiles } from './adapters/export-files';
import { openBackupDir } from './adapters/backup-dir';
import { OneAtATime, type Backups } from './services/runbook/backups/backups';
import { MAINTENANCE, scheduleBackups } from './services/runbook/backups/backup-schedule';
import { newId } from './services/ids';

// What the Electron shell needs of the engine comes through here, its public entry (see eslint-rules/layers.js).
export type { Dispatch } from './services/access/dispatcher';
export type { Principal } from './ports/records';
import { ENGINE_VERSION } from './version';
import { loadRunbookIncidents } from './runbook-document';

export { ENGINE_VERSION };
export { DATABASE_FILE } from './runtime/embedded-backends';
export const ADMIN_KEY_FILE = 'admin.key';

/** out/renderer of this checkout: where `npm run build` puts the UI. */
export function defaultUiDir(): string {
  return path.join(installRoot(), 'out/renderer');
}

export interface EngineOptions {
  clock?: Clock;
  logger?: Logger;
  /** Replaces the signal engine (tests inject failures through it). */
  signals?: SignalSource;
  /** false: build the HTTP app but do not bind a port (tests use fastify.inject). */
  listen?: boolean;
  /** RUNBOOK.md, whose incidents the Runbook screen shows (default: the one beside package.json). */
  runbookFile?: string;
  /** The built renderer to serve at / (default: out/renderer of this checkout). */
  uiDir?: string;
  /** Replaces the HTTP integration client (runs inline, like `signals`). */
  integrationClient?: IntegrationClient;
  /** Replaces the alert webhook's HTTP POST (tests). */
  webhookPost?: WebhookPost;
  /** false: no sampling timer (tests call `telemetry.tick()` themselves). */
  telemetryTimer?: boolean;
}

export interface Engine {
  readonly config: EngineConfig;
  readonly dispatch: Dispatch;
  readonly operations: Operations;
  readonly store: AuditStore;
  readonly queue: JobQueue;
  readonly worker: WorkerHandle;
  readonly http: FastifyInstance;
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
  /** Where the first start wrote the local admin key (null when keys already existed). */
  readonly adminKeyPath: string | null;
  /** "Something changed" for open UIs (SSE in a browser, IPC in Electron). */
  readonly live: LiveEvents;
  /** One-time login links for the browser UI. */
  readonly sessions: Sessions;
  /** Series, alert rules and the notifier. */
  readonly telemetry: Telemetry;
  /** This process's tracing: the shared no-op unless an OTLP endpoint is configured. */
  readonly tracing: Tracing;
  readonly url: string | null;
  stop(): Promise<void>;
}

/** What `createEngine` returns: nothing runs until `start()`; `stop()` releases what a start opened. */
export interface EngineHandle {
  /** Builds and starts everything. A failure releases what was opened, then rejects. */
  start(): Promise<Engine>;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> adapters -> services -> transports. Nothing starts on import or on
 * `createEngine`; the host (CLI, Electron shell, test) calls `start()` and owns signals and exit. Every resource
 * a start opens goes on one dispose stack, released in reverse order by `stop()` or by a start that fails.
 */
export function createEngine(config: EngineConfig, options: EngineOptions = {}): EngineHandle {
  const resources = new DisposeStack();
  let starting: Promise<Engine> | null = null;
  return {
    start() {
      starting ??= build(config, options, resources).catch(async (error: unknown) => {
        await resources.dispose().catch(() => undefined); // the start's own error is the one worth reporting
        throw error;
      });
      return starting;
    },
    stop: () => resources.dispose(),
  };
}

/** `createEngine(config, options).start()`, for hosts that need nothing between the two. */
export function startEngine(config: EngineConfig, options: EngineOptions = {}): Promise<Engine> {
  return createEngine(config, options).start();
}

async function build(config: EngineConfig, options: EngineOptions, resources: DisposeStack): Promise<Engine> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ production: config.production, level: config.logLevel });
  const mode = backendMode(config);
  // Before anything opens: an install without its runbook fails at once, naming the file.
  const incidents = loadRunbookIncidents(options.runbookFile);
  // Opened first, so it is closed last: the worker's and the relay's final spans are flushed on stop.
  const tracing = openEngineTracing(tracingSettings(config), resources, logger);
  const backends = await (mode === 'production' ? openProductionBackends : openEmbeddedBackends)(config, resources, logger, clock, tracing);
  const { rateLimiter } = backends;
  const receiverConfigs = alertReceiverConfigs(config);
  const metrics = createMetrics({ version: ENGINE_VERSION, breakers: config.integrations.map((i) => i.name), receivers: receiverConfigs.map((r) => r.name) });
  const live = new LiveEvents(clock, undefined, backends.bus, (error) => logger.warn({ err: error }, 'live events: publishing to the other processes failed'));
  resources.defer('the live-event subscription', await live.listenToBus());
  const events = announcing(metricsPipelineEvents(metrics), live);
  const owner = workerOwner(clock.now());
  const settings = pipelineSettings(config);


  // Start-up writes happen before any worker runs.
  const adminKeyPath = await ensureAdminKey(backends.store, clock, config.dataDir, mode);
  if (mode === 'embedded') restrictFiles([path.join(config.dataDir, ADMIN_KEY_FILE)]); // a key file from an older version may be wider
  for (const workspace of new Set((await backends.store.listKeys()).map((k) => k.workspaceId))) {
    await ensureDefaultPolicy(backends.store, clock, workspace);
  }

  const running = await backends.startWorker({
    owner,
    settings,
    events,
    clock,
    logger,
    signals: options.signals,
    integrationClient: options.integrationClient,
    mustRunInline: options.clock !== undefined || options.signals !== undefined || options.integrationClient !== undefined,
  });
  const { store, queue, kv, breakers: breakerStore, worker } = running;
  const backups: Backups = {
    backup: running.backup,
    dir: openBackupDir(config.dataDir),
    keep: config.backupKeep,
    everyMs: config.backupEveryMs ?? null,
    clock,
    gate: new OneAtATime(),
  };
  // The API's view of the breakers: reads on this thread, writes (operator actions) through the writer.
  const breakers = createBreakers({ configs: integrationBreakerConfigs(config.integrations), kv, store: breakerStore, clock, audit: store, events, log: logger });
  /** Each integration's breaker state, for the series and the metrics. */
  const breakerStates = () => Promise.all(config.integrations.map(async (i) => ({ integration: i.name, state: (await breakers.snapshot(i.name)).state })));
  let url: string | null = null;

  const webhookPost = options.webhookPost ?? createHttpWebhookPost({ maxResponseBytes: config.outboundMaxResponseBytes });
  const webhookBreakers = createBreakers({ configs: new Map(receiverConfigs.map((r) => [r.breaker, WEBHOOK_BREAKER_CONFIG])), store: breakerStore, clock, audit: store, events, log: logger });
  const notifier = receiverConfigs.length
    ? new AlertReceivers(receiverConfigs.map((r) => new AlertNotifier({
        maxPerMinute: config.alertWebhookMaxPerMinute,
        ...r,
        retries: 3,
        backoffMs: 500,
        timeoutMs: 5_000,
        externalUrl: () => url ?? `http://${config.host}:${config.port}`,
        post: webhookPost,
        breakers: webhookBreakers,
        clock,
        onDelivery: (d) => metrics.alertNotifications.inc({ receiver: d.receiver, status: d.status }),
        log: logger,
        muted: () => currentMute(kv, clock.now()),
      })))
    : null;
  const alertEngine = new AlertEngine({
    kv,
    clock,
    audit: store,
    sink: notifier,
    events: { alertFired: (rule, severity) => metrics.alertsFired.inc({ rule, severity }), alertsChanged: () => live.publish('alerts') },
    historyMax: config.alertHistoryMax,
    log: logger,
  });
  await alertEngine.load();
  metrics.knowAlertRules(alertEngine.listRules());
  const sampler = new Sampler({
    metrics,
    queue,
    store,
    clock,
    breakersOpen: async () => (await breakerStates()).filter((b) => b.state === 'OPEN').length,
    judgesHere: mode === 'embedded' || config.workerConcurrency > 0,
  });
  const telemetry = new Telemetry(sampler, alertEngine, notifier, config.sampleIntervalMs, config.seriesPoints, logger, backends.alertLeadership);
  const deps: ServiceDeps = { store, queue, clock, events, settings, tracing };
  const reconciler = new Reconciler(deps, logger, () => (backends.submitted(), worker.notify()));
  await reconciler.run();
  const policies = new PolicyCache(store, clock);
  const sessions = new Sessions(clock);
  const authenticator = new KeyAuthenticator(store, clock, sessions);
  const streams = new LiveStreams({ maxPerKey: config.maxStreamsPerKey, stillValid: (p) => authenticator.stillValid(p), log: logger });

  const readiness = async (): Promise<Ready> => {
    const checks: Ready['checks'] = {};
    try {
      await store.ping();
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: String(error) };
    }
    checks.worker = config.workerConcurrency === 0
      ? { ok: true, detail: 'no in-process worker (WORKER_CONCURRENCY=0)' }
      : {
          ok: worker.isRunning,
          detail: worker.isRunning ? `${config.workerConcurrency} loop(s)${running.where}` : 'stopped',
        };
    // A run that failed (a backend was down) is tried again here, so /ready recovers when the backend does
    // instead of at the next interval.
    if (reconciler.lastStatus.lastError !== null) await reconciler.run();
    const r = reconciler.lastStatus;
    checks.reconciler = {
      ok: r.lastError === null,
      detail: r.lastError
        ? `last run failed: ${r.lastError}`
        : `last run ${r.lastRunAt === null ? 'pending' : new Date(r.lastRunAt).toISOString()}: ${r.lastRequeued} decision(s) without a job re-enqueued, ${r.totalRequeued} since start`,
    };
    try {
      const paused = await queue.isPaused();
      checks.queue = { ok: true, detail: paused ? 'paused: jobs are accepted but not claimed' : 'claiming' };
    } catch (error) {
      checks.queue = { ok: false, detail: String(error) };
    }
    try {
      const pause = await intakePause(kv);
      checks.intake = { ok: true, detail: pause ? `paused by ${pause.by} at ${new Date(pause.at).toISOString()} (${pause.reason}): submissions get 503 until resume-intake` : 'accepting' };
    } catch (error) {
      checks.intake = { ok: false, detail: String(error) };
    }
    // Monitoring the monitor: the sampler and the alert engine of this process. Not ready once the sampler has not
    // run, or (in the alert lead) the rules have not been evaluated, for MISSED_STEPS_FAIL steps (one failed step,
    // as in a short backend outage, is told but does not fail it).
    const alerting = telemetry.status;
    checks.monitor = { ok: monitorStopped(alerting, clock.now()) === null, detail: alertEngineHealth(alerting, clock.now()).summary };
    Object.assign(checks, await backends.readiness());
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  const metricsText = async () => {
    const now = clock.now();
    const counts = await queue.counts(null, now);
    for (const state of QUEUE_STATES) metrics.queueDepth.set({ state }, counts[state]);
    metrics.oldestJobAge.set(counts.oldestReadyAt === null ? 0 : Math.max(0, now - counts.oldestReadyAt) / 1000);
    metrics.workerBusy.set(config.workerConcurrency ? worker.busy / config.workerConcurrency : 0);
    for (const [status, n] of Object.entries(await store.countAttentionTasks())) metrics.attentionTasks.set({ status }, n);
    metrics.dbSize.set(await store.sizeBytes());
    const span = missingTerminalSpan(now);
    const overdue = missingTerminalRatio(await store.countOverdueDecisions(span.from, span.before, MISSING_TERMINAL.perWorkspaceLimit));
    metrics.missingTerminalRatio.set(overdue ?? 0);
    const monitor = telemetry.status;
    if (monitor.lastSampleAt !== null) metrics.monitorLastRun.set({ part: 'sampler' }, monitor.lastSampleAt / 1000);
    if (monitor.lastEvaluationAt !== null) metrics.monitorLastRun.set({ part: 'alert_engine' }, monitor.lastEvaluationAt / 1000);
    for (const { integration, state } of await breakerStates()) {
      for (const s of ['CLOSED', 'OPEN', 'HALF_OPEN']) metrics.breakerState.set({ integration, state: s }, s === state ? 1 : 0);
    }
    return metrics.registry.metrics();
  };

  const operations = createOperations({
    deps,
    policies,
    worker: { notify: () => (backends.submitted(), worker.notify()), load: () => ({ concurrency: config.workerConcurrency, busy: worker.busy, processes: () => backends.workers.list() }) },
    readiness,
    metricsText,
    version: ENGINE_VERSION,
    sessions,
    streams,
    integrations: config.integrations,
    breakers,
    telemetry,
    claims: createReviewClaims({ kv, store, clock }),
    kv,
    rateLimiter,
    removedJobs: removedJobsDir(config.dataDir),
    incidents,
    exports: createExportFiles(config.dataDir),
    checks: {
      store,
      queue,
      clock,
      mode,
      workers: backends.workers,
      breakers: () => listBreakers(config.integrations, breakers),
      alerting: () => telemetry.status,
      deliveries: () => telemetry.notifier?.recent() ?? null,
      notificationsMuted: () => currentMute(kv, clock.now()),
      backendReadiness: () => backends.readiness(),
      dataDir: config.dataDir,
      diskSpace,
      backups,
    },
    backups,
    retentionDays: config.retentionDays,
    rateLimitPerMinute: config.rateLimitPerMinute,
    traceViewerUrl: config.traceViewerUrl ?? null,
  });
  const dispatchOnly = createDispatcher({ operations, authenticator, rateLimiter, rateLimitOf: (workspaceId) => liveRateLimit(kv, workspaceId), unavailable: (error) => backends.unavailable(error) });
  // Every transport goes through this: a write that succeeded tells open UIs what to refetch.
  const dispatch: Dispatch = async (name, raw, credentials, call) => {
    const result = await dispatchOnly(name, raw, credentials, call);
    const changes = changesOf(name);
    if (changes.length > 0) live.publish(...changes);
    if (changes.includes('alerts')) metrics.knowAlertRules(alertEngine.listRules()); // a new rule's series start at zero
    return result;
  };

  if (options.telemetryTimer !== false) resources.defer('the telemetry timers', telemetry.start());
  resources.defer('the live streams\' key checks', streams.schedule(config.streamCheckIntervalMs));
  resources.defer('the reconciler timer', reconciler.schedule(config.reconcileIntervalMs));
  resources.defer('the maintenance timer', scheduleMaintenance(deps, kv, config.retentionDays, logger));
  if (backups.everyMs !== null) {
    const reason = `scheduled backup (DECISIONOS_BACKUP_EVERY=${backups.everyMs / 60_000} min)`;
    const backupNow = () => operations.runAction({ action_id: 'backup-now', params: {}, reason }, { principal: MAINTENANCE, requestId: newId('req', clock.now()) });
    resources.defer('the backup timer', scheduleBackups(backups.everyMs, backupNow, logger));
  }
  const http = await createHttpServer({
    dispatch,
    metrics,
    logger,
    allowedHosts: config.allowedHosts,
    bodyLimitBytes: config.bodyLimitBytes,
    metricsContentType: metrics.registry.contentType,
    live,
    streams,
    authenticate: (key: string | undefined) => authenticator.authenticate(key),
    uiDir: options.uiDir ?? defaultUiDir(),
    version: ENGINE_VERSION,
    accessLog: config.accessLog,
  });
  // Popped first: stop taking requests (ending the live streams, which would keep close waiting), then the
  // timers, then the worker finishes what it holds, then the database and the lock.
  resources.defer('the HTTP server', () => http.close());
  resources.defer('the live streams', () => (streams.closeAll(), live.close()));
  if (options.listen !== false) {
    await http.listen({ host: config.host, port: config.port });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  } else {
    await http.ready();
  }

  return {
    config, dispatch, operations, store, queue, worker, http, metrics, logger, adminKeyPath, url, live, sessions, telemetry, tracing,
    stop: () => resources.dispose(),
  };
}

/** First start: a local admin key for the `default` workspace (every scope, `system` too), written 0600 into the data dir. */
async function ensureAdminKey(store: AuditStore, clock: Clock, dataDir: string, mode: 'embedded' | 'production'): Promise<string | null> {
  if ((await store.listKeys()).length > 0) return null;
  if (mode === 'production') ensurePrivateDir(dataDir); // the data dir holds only this file in production mode
  const { key } = await createKey(store, clock, { workspaceId: 'default', name: LOCAL_ADMIN_NAME, scopes: ['admin', 'system'] });
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  writePrivateFile(file, `${key}\n`);
  return file;
}
