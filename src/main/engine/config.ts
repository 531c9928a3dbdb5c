import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { z } from 'zod';
import { IntegrationConfig, IntegrationsFile } from '../../shared/schemas/integrations';
import { ConfigError } from './config-error';

const csv = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);


/** Every setting, its environment variable and default. Bad values stop the start with a clear message. */
export const EngineConfig = z.object({
  dataDir: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: int(8080, 0, 65535),
  allowedHosts: z.array(z.string()).default([]),
  production: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  alertWebhookMaxPerMinute: int(12, 1, 600),
  /** Live-event streams one API key may hold open at once; one more is refused with 429 too_many_streams. */
  maxStreamsPerKey: int(20, 1, 10_000),
  /** How often open live streams re-check their key and session (a revoked key's streams close within it). */
  streamCheckIntervalMs: int(5_000, 10, 600_000),
});
export type EngineConfig = z.infer<typeof EngineConfig>;

export function defaultDataDir(): string {
  return path.join(os.homedir(), '.decisionos');
}

/** Reads the documented environment variables; explicit options win. */
export function configFromEnv(env: NodeJS.ProcessEnv, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const fromEnv: Record<string, unknown> = {
    dataDir: env.DECISIONOS_DATA_DIR || defaultDataDir(),
    host: env.HOST || undefined,
    port: env.PORT || undefined,
    allowedHosts: env.ALLOWED_HOSTS ? csv(env.ALLOWED_HOSTS) : undefined,
    production: env.ENV === 'production',
    logLevel: env.LOG_LEVEL || undefined,
    workerConcurrency: env.WORKER_CONCURRENCY || undefined,
    workerThread: env.WORKER_THREAD ? env.WORKER_THREAD !== 'false' && env.WORKER_THREAD !== '0' : undefined,
    batchSize: env.WORKER_BATCH_SIZE || undefined,
    maxAttempts: env.MAX_ATTEMPTS || undefined,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE || undefined,
    allowedActions: env.ALLOW_ACTIONS_DEFAULT ? csv(env.ALLOW_ACTIONS_DEFAULT) : undefined,
    retentionDays: env.RETENTION_DAYS || undefined,
    integrations: env.DECISIONOS_INTEGRATIONS ? readIntegrationsFile(env.DECISIONOS_INTEGRATIONS) : undefined,
    outboundMaxResponseBytes: env.DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES || undefined,
    maxSignalsBytes: env.DECISIONOS_MAX_SIGNALS_BYTES || undefined,
    sampleIntervalMs: env.SAMPLE_INTERVAL_MS || undefined,
    alertHistoryMax: env.ALERT_HISTORY_MAX || undefined,
    alertWebhookUrl: env.ALERT_WEBHOOK_URL || undefined,
    alertWebhookMaxPerMinute: env.ALERT_WEBHOOK_MAX_PER_MINUTE || undefined,
    maxStreamsPerKey: env.DECISIONOS_MAX_STREAMS_PER_KEY || undefined,
  };
  const merged = { ...fromEnv, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const parsed = EngineConfig.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`bad setting ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The integrations file, validated whole: a bad entry stops the start and names the entry and field. */
export function readIntegrationsFile(file: string): IntegrationConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`bad setting DECISIONOS_INTEGRATIONS: cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = IntegrationsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`bad setting DECISIONOS_INTEGRATIONS (${file}): ${issue?.path.join('.') || '(file)'}: ${issue?.message}`);
  }
  return parsed.data.integrations;
}
