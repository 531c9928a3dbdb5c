import { LOG_LEVELS, type EngineConfig } from './engine-config';
import { readIntegrationsFile } from './integrations-file';
import { readAlertReceiversFile } from './alert-receivers-file';
import { csv, duration, httpUrl, integer, oneOf, port, postgresUrl, redisUrl, strictBoolean, text, traceViewerUrl, type Parse } from './parsers';

/** One environment variable: its name, the older names still read, how it is parsed and what it means. */
export interface Setting<K extends keyof EngineConfig = keyof EngineConfig> {
  name: `DECISIONOS_${string}`;
  /** Older names, read when `name` is unset; documented as aliases. */
  aliases?: readonly string[];
  /** The command-line flag that overrides the variable (documentation only). */
  flag?: string;
  key: K;
  parse: Parse<EngineConfig[K]>;
  meaning: string;
  /** The default as documented, where it is not a constant of the schema. */
  defaultText?: string;
}

const setting = <K extends keyof EngineConfig>(s: Setting<K>): Setting => s as unknown as Setting;

/**
 * Every setting the engine reads from the environment. This table drives `configFromEnv` and the README's
 * settings section (a test keeps the two in step).
 */
export const SETTINGS: readonly Setting[] = [
  setting({
    name: 'DECISIONOS_DATA_DIR', flag: '--data-dir', key: 'dataDir', parse: text,
    defaultText: "the platform's data dir: `~/.local/share/decisionos` (Linux, or `$XDG_DATA_HOME`), `~/Library/Application Support/decisionos`, `%LOCALAPPDATA%\\decisionos\\Data`",
    meaning: 'database, admin key, lock file (the CLI and the desktop app use the same one)',
  }),
  setting({ name: 'DECISIONOS_HOST', aliases: ['HOST'], flag: '--host', key: 'host', parse: text, meaning: 'address the API listens on (loopback only by default)' }),
  setting({ name: 'DECISIONOS_PORT', aliases: ['PORT'], flag: '--port', key: 'port', parse: port, meaning: 'HTTP port (`0` picks a free one)' }),
  setting({ name: 'DECISIONOS_ALLOWED_HOSTS', aliases: ['ALLOWED_HOSTS'], key: 'allowedHosts', parse: csv, meaning: 'extra `Host` names to serve, comma-separated (DNS-rebinding guard)' }),
  setting({
    name: 'DECISIONOS_ENV', aliases: ['ENV'], key: 'production', parse: (raw) => oneOf(['production', 'development'])(raw) === 'production',
    defaultText: '`development`', meaning: '`production`: stdout carries only JSON log lines (banners and login links go to stderr)',
  }),
  setting({ name: 'DECISIONOS_LOG_LEVEL', aliases: ['LOG_LEVEL'], key: 'logLevel', parse: oneOf(LOG_LEVELS), meaning: LOG_LEVELS.join(', ') }),
  setting({ name: 'DECISIONOS_ACCESS_LOG', key: 'accessLog', parse: strictBoolean, meaning: 'one log line per HTTP request: `request_id`, method, route, status, duration' }),
  setting({ name: 'DECISIONOS_WORKER_CONCURRENCY', aliases: ['WORKER_CONCURRENCY'], key: 'workerConcurrency', parse: integer(0, 64), meaning: 'worker loops (`0` = no worker)' }),
  setting({ name: 'DECISIONOS_WORKER_BATCH_SIZE', aliases: ['WORKER_BATCH_SIZE'], key: 'batchSize', parse: integer(1, 5000), meaning: 'jobs claimed per batch' }),
  setting({ name: 'DECISIONOS_WORKER_THREAD', aliases: ['WORKER_THREAD'], key: 'workerThread', parse: strictBoolean, meaning: "judge and write on a second thread; `false` runs the worker on the engine's thread" }),
  setting({ name: 'DECISIONOS_LEASE_MS', key: 'leaseMs', parse: integer(1_000, 3_600_000), meaning: "how long a claimed job stays its worker's without a renewal; a killed worker's jobs return to the queue once it runs out" }),
  setting({ name: 'DECISIONOS_MAX_ATTEMPTS', aliases: ['MAX_ATTEMPTS'], key: 'maxAttempts', parse: integer(1, 100), meaning: 'attempts before a job is dead-lettered' }),
  setting({ name: 'DECISIONOS_RATE_LIMIT_PER_MINUTE', aliases: ['RATE_LIMIT_PER_MINUTE'], key: 'rateLimitPerMinute', parse: integer(1, 10_000_000), meaning: 'per workspace, on submissions and on the trace API (each its own budget)' }),
  setting({ name: 'DECISIONOS_ALLOW_ACTIONS_DEFAULT', aliases: ['ALLOW_ACTIONS_DEFAULT'], key: 'allowedActions', parse: csv, meaning: 'agent tools allowed without review, comma-separated' }),
  setting({ name: 'DECISIONOS_RETENTION_DAYS', aliases: ['RETENTION_DAYS'], key: 'retentionDays', parse: integer(1, 3650), meaning: 'days of decisions and audit events kept' }),
  setting({
    name: 'DECISIONOS_BACKUP_EVERY', key: 'backupEveryMs', parse: duration(60_000, 30 * 86_400_000), defaultText: 'off',
    meaning: 'take a verified backup into `<data dir>/backups` this often, e.g. `6h` (units s, m, h, d); the runbook action `backup-now` takes one at any time',
  }),
  setting({
    name: 'DECISIONOS_BACKUP_KEEP', key: 'backupKeep', parse: integer(1, 1000),
    meaning: 'backups kept in `<data dir>/backups`, the newest first (those taken before a migration or replaced by a restore are kept apart)',
  }),
  setting({ name: 'DECISIONOS_ALERT_WEBHOOK_URL', aliases: ['ALERT_WEBHOOK_URL'], key: 'alertWebhookUrl', parse: httpUrl, meaning: 'receives firing and resolved alerts in the Alertmanager webhook format' }),
  setting({ name: 'DECISIONOS_ALERT_WEBHOOK_MAX_PER_MINUTE', aliases: ['ALERT_WEBHOOK_MAX_PER_MINUTE'], key: 'alertWebhookMaxPerMinute', parse: integer(1, 600), meaning: 'webhook deliveries per minute, per receiver' }),
  setting({
    name: 'DECISIONOS_ALERT_RECEIVERS', key: 'alertReceivers', parse: readAlertReceiversFile, defaultText: '',
    meaning: 'a JSON file `{"receivers": [{"name", "url", "format", "severities", "max_per_minute"}]}`: more alert receivers, each in its format (`alertmanager`, `slack`, `json`) and for its severities (RUNBOOK.md, webhook section)',
  }),
  setting({ name: 'DECISIONOS_ALERT_HISTORY_MAX', aliases: ['ALERT_HISTORY_MAX'], key: 'alertHistoryMax', parse: integer(1, 10_000), meaning: 'alerts kept in `/api/alerts/history`' }),
  setting({ name: 'DECISIONOS_SAMPLE_INTERVAL_MS', aliases: ['SAMPLE_INTERVAL_MS'], key: 'sampleIntervalMs', parse: integer(100, 600_000), meaning: "step of the engine's own series (`/api/series`) and of alert evaluation" }),
  setting({
    name: 'DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES', key: 'outboundMaxResponseBytes', parse: integer(1_024, 64 * 1024 * 1024),
    meaning: 'answers of integrations and the alert webhook are read up to this and cut off past it (an integration may set `max_response_bytes`)',
  }),
  setting({
    name: 'DECISIONOS_MAX_SIGNALS_BYTES', key: 'maxSignalsBytes', parse: integer(1_024, 1024 * 1024),
    meaning: 'signals kept per decision; past it the largest values are replaced by `<signal>_truncated: true`',
  }),
  setting({
    name: 'DECISIONOS_MAX_STREAMS_PER_KEY', key: 'maxStreamsPerKey', parse: integer(1, 10_000),
    meaning: 'live-event streams (`/api/events`) one API key may hold open; one more is 429 `too_many_streams`',
  }),
  setting({
    name: 'DECISIONOS_DATABASE_URL', aliases: ['DATABASE_URL'], key: 'databaseUrl', parse: postgresUrl, defaultText: '',
    meaning: 'production mode (with `REDIS_URL`): the Postgres audit store, e.g. `postgres://dos@db:5432/decisionos`; run `decisionos migrate` first',
  }),
  setting({
    name: 'DECISIONOS_REDIS_URL', aliases: ['REDIS_URL'], key: 'redisUrl', parse: redisUrl, defaultText: '',
    meaning: 'production mode (with `DATABASE_URL`): the queue (BullMQ), idempotency, breakers, rate limits and live events, e.g. `redis://cache:6379`',
  }),
  setting({ name: 'DECISIONOS_REDIS_PREFIX', key: 'redisPrefix', parse: text, meaning: 'namespace of every Redis key (several engines may share one Redis)' }),
  setting({ name: 'DECISIONOS_PG_POOL_SIZE', key: 'pgPoolSize', parse: integer(1, 1000), meaning: 'Postgres connections per process at most' }),
  setting({
    name: 'DECISIONOS_ALLOW_EVICTING_REDIS', flag: '--allow-evicting-redis', key: 'allowEvictingRedis', parse: strictBoolean,
    meaning: "start even when Redis's `maxmemory-policy` is not `noeviction` (an evicting Redis can drop queued jobs); `/ready` then reports it",
  }),
  setting({
    name: 'DECISIONOS_OTLP_ENDPOINT', aliases: ['OTEL_EXPORTER_OTLP_ENDPOINT'], key: 'otlpEndpoint', parse: httpUrl, defaultText: 'off',
    meaning: "OpenTelemetry traces, one per decision, sent as OTLP/HTTP JSON to `<endpoint>/v1/traces` (the standard variable's meaning), e.g. `http://127.0.0.1:4318`; unset: no tracing at all (RUNBOOK.md, Tracing)",
  }),
  setting({ name: 'DECISIONOS_OTEL_SERVICE_NAME', aliases: ['OTEL_SERVICE_NAME'], key: 'otelServiceName', parse: text, meaning: "the traces' `service.name`" }),
  setting({
    name: 'DECISIONOS_TRACE_VIEWER_URL', key: 'traceViewerUrl', parse: traceViewerUrl, defaultText: '',
    meaning: 'a trace viewer\'s page of one trace, with `{trace_id}` where the id goes, e.g. `http://jaeger:16686/trace/{trace_id}`: the decision trace screen links to it',
  }),
  setting({ name: 'DECISIONOS_INTEGRATIONS', key: 'integrations', parse: readIntegrationsFile, defaultText: '', meaning: 'a JSON file `{"integrations": [...]}`: external lookups behind circuit breakers (RUNBOOK.md §9)' }),
];
