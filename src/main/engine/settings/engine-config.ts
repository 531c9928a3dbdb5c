import { z } from 'zod';
import { IntegrationConfig } from '../../../shared/schemas/integrations';
import { AlertReceiverConfig } from '../../../shared/schemas/alert-receivers';

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

import { ConfigError } from '../config-error';

export { ConfigError };

/**
 * The engine's settings as code sees them, with their defaults. Where each comes from in the environment
 * (name, aliases, parser) is `SETTINGS` in table.ts; overrides from flags and tests are checked here too.
 */
export const EngineConfig = z.object({
  dataDir: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: int(8080, 0, 65535),
  allowedHosts: z.array(z.string()).default([]),
  production: z.boolean().default(false),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** One log line per HTTP request (request id, route, status, duration). */
  accessLog: z.boolean().default(false),
  workerConcurrency: int(1, 0, 64),
  /** Judge and write on a second thread (default). false: everything on the calling thread. */
  workerThread: z.boolean().default(true),
  batchSize: int(256, 1, 5000),
  leaseMs: int(30_000, 1_000, 3_600_000),
  pollIntervalMs: int(50, 5, 10_000),
  maxAttempts: int(5, 1, 100),
  retryBaseDelayMs: int(500, 1, 3_600_000),
  retryMaxDelayMs: int(60_000, 1, 86_400_000),
  idempotencyTtlMs: int(86_400_000, 1_000, 30 * 86_400_000),
  rateLimitPerMinute: int(100, 1, 10_000_000),
  bodyLimitBytes: int(256 * 1024, 1024, 16 * 1024 * 1024),
  allowedActions: z.array(z.string()).default(['gmail.send', 'outlook.send', 'task.create']),
  retentionDays: int(90, 1, 3650),
  /** Backups kept in `<data dir>/backups` (ordinary ones: those taken before a migration or replaced by a restore stay). */
  backupKeep: int(7, 1, 1000),
  /** A backup every this many ms; unset: none on a timer (backup-now and the one before a migration still run). */
  backupEveryMs: z.number().int().min(1_000).max(30 * 86_400_000).optional(),
  /** How often the reconciler looks for open decisions without a job (it also runs at start). */
  reconcileIntervalMs: int(60_000, 100, 3_600_000),
  /** External lookups behind circuit breakers (DECISIONOS_INTEGRATIONS: a JSON file `{ "integrations": [...] }`). */
  integrations: z.array(IntegrationConfig).default([]),
  /** Outbound answers (integrations, alert webhook) are read up to this size; an integration may set its own. */
  outboundMaxResponseBytes: int(64 * 1024, 1_024, 64 * 1024 * 1024),
  /** Signals kept per decision, as JSON; over it the largest values give way to `<signal>_truncated: true`. */
  maxSignalsBytes: int(16 * 1024, 1_024, 1024 * 1024),
  /** One point of every series per step; 2,160 points at 10 s keep 6 h. */
  sampleIntervalMs: int(10_000, 100, 600_000),
  seriesPoints: int(2_160, 10, 100_000),
  alertHistoryMax: int(200, 1, 10_000),
  /** Receives firing and resolved alerts in the Alertmanager webhook format. */
  alertWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Per receiver: each has its own per-minute budget. */
  alertWebhookMaxPerMinute: int(12, 1, 600),
  /** More receivers, each with its format and severities (DECISIONOS_ALERT_RECEIVERS: a JSON file `{ "receivers": [...] }`). */
  alertReceivers: z.array(AlertReceiverConfig).default([]),
  /** Live-event streams one API key may hold open at once; one more is refused with 429 too_many_streams. */
  maxStreamsPerKey: int(20, 1, 10_000),
  /** Production mode (both set): the Postgres audit store and Redis (queue, shared state). */
  databaseUrl: z.string().optional(),
  redisUrl: z.string().optional(),
  /** Every Redis key starts with this and a colon. */
  redisPrefix: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/).default('decisionos'),
  pgPoolSize: int(10, 1, 1000),
  /** Start on a Redis whose maxmemory-policy may evict keys (jobs); /ready reports it. */
  allowEvictingRedis: z.boolean().default(false),
  /** The OTLP/HTTP collector's base URL (traces go to `<it>/v1/traces`); unset: no tracing. */
  otlpEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  otelServiceName: z.string().min(1).default('decisionos'),
  /** A trace viewer's URL with `{trace_id}`: the decision trace screen links there. */
  traceViewerUrl: z.string().includes('{trace_id}').optional(),
  /** How often open live streams re-check their key and session (a revoked key's streams close within it). */
  streamCheckIntervalMs: int(5_000, 10, 600_000),
});
export type EngineConfig = z.infer<typeof EngineConfig>;

/** The backends a config selects: both URLs for production mode, neither for the embedded store. */
export function backendMode(config: Pick<EngineConfig, 'databaseUrl' | 'redisUrl'>): 'embedded' | 'production' {
  if (config.databaseUrl && config.redisUrl) return 'production';
  if (!config.databaseUrl && !config.redisUrl) return 'embedded';
  const missing = config.databaseUrl ? 'REDIS_URL' : 'DATABASE_URL';
  throw new ConfigError(
    `${missing} is not set: production mode needs both DATABASE_URL (Postgres: the audit store) and REDIS_URL (Redis: the queue and shared state); ` +
      'unset both to run embedded on SQLite',
  );
}
