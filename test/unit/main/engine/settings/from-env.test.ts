import path from 'node:path';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, backendMode, configFromEnv } from '../../../../../src/main/engine/config';
import { SETTINGS } from '../../../../../src/main/engine/settings/table';

const dataDir = path.join(os.tmpdir(), 'dos-settings-never-created');
const fromEnv = (env: NodeJS.ProcessEnv) => configFromEnv(env, { dataDir });

describe('configFromEnv: names and aliases', () => {
  it('reads every setting under its DECISIONOS_ name', () => {
    const c = fromEnv({ DECISIONOS_PORT: '9191', DECISIONOS_ENV: 'production', DECISIONOS_LOG_LEVEL: 'warn', DECISIONOS_WORKER_THREAD: 'false', DECISIONOS_ACCESS_LOG: '1' });
    expect(c).toMatchObject({ port: 9191, production: true, logLevel: 'warn', workerThread: false, accessLog: true });
  });

  it('still reads the old names PORT, ENV and LOG_LEVEL as aliases', () => {
    expect(fromEnv({ PORT: '9292', ENV: 'production', LOG_LEVEL: 'debug' })).toMatchObject({ port: 9292, production: true, logLevel: 'debug' });
  });

  it("reads OpenTelemetry's standard variables: tracing is off unless the OTLP endpoint is set", () => {
    expect(fromEnv({})).toMatchObject({ otelServiceName: 'decisionos' });
    expect(fromEnv({}).otlpEndpoint).toBeUndefined();
    expect(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SERVICE_NAME: 'dos-eu' })).toMatchObject({ otlpEndpoint: 'http://127.0.0.1:4318', otelServiceName: 'dos-eu' });
    expect(fromEnv({ DECISIONOS_TRACE_VIEWER_URL: 'http://jaeger:16686/trace/{trace_id}' }).traceViewerUrl).toBe('http://jaeger:16686/trace/{trace_id}');
  });

  it('prefers the DECISIONOS_ name when both it and its alias are set', () => {
    expect(fromEnv({ DECISIONOS_PORT: '9393', PORT: '9494' }).port).toBe(9393);
  });

  it('gives every setting a DECISIONOS_ name, and no name or alias twice', () => {
    const names = SETTINGS.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
    expect(SETTINGS.every((s) => s.name.startsWith('DECISIONOS_'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('starts with no configuration at all', () => {
    expect(fromEnv({})).toMatchObject({ port: 8080, host: '127.0.0.1', production: false, logLevel: 'info', accessLog: false });
  });
});

describe('configFromEnv: errors name the variable', () => {
  it.each([
    [{ DECISIONOS_PORT: 'abc' }, 'DECISIONOS_PORT=abc: not a port'],
    [{ PORT: '70000' }, 'PORT=70000: not a port'],
    [{ DECISIONOS_WORKER_CONCURRENCY: '2.5' }, 'DECISIONOS_WORKER_CONCURRENCY=2.5: not a whole number'],
    [{ DECISIONOS_MAX_ATTEMPTS: '0' }, 'DECISIONOS_MAX_ATTEMPTS=0: out of range (1..100)'],
    [{ DECISIONOS_LOG_LEVEL: 'loud' }, 'DECISIONOS_LOG_LEVEL=loud: not one of fatal, error, warn, info, debug, trace, silent'],
    [{ ENV: 'prod' }, 'ENV=prod: not one of production, development'],
    [{ DECISIONOS_ALERT_WEBHOOK_URL: 'ftp://x' }, 'DECISIONOS_ALERT_WEBHOOK_URL=ftp://x: not an http(s) URL'],
    [{ DECISIONOS_BACKUP_EVERY: '6 hours' }, 'DECISIONOS_BACKUP_EVERY=6 hours: not a duration (a whole number and a unit: 90s, 30m, 6h, 1d)'],
    [{ DECISIONOS_BACKUP_EVERY: '10s' }, 'DECISIONOS_BACKUP_EVERY=10s: out of range (60s..30d)'],
    [{ DECISIONOS_BACKUP_KEEP: '0' }, 'DECISIONOS_BACKUP_KEEP=0: out of range (1..1000)'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT=collector:4318: not an http(s) URL'],
    [{ DECISIONOS_TRACE_VIEWER_URL: 'http://jaeger:16686/search' }, 'DECISIONOS_TRACE_VIEWER_URL=http://jaeger:16686/search: has no {trace_id} placeholder'],
    [{ DECISIONOS_TRACE_VIEWER_URL: 'jaeger/{trace_id}' }, 'DECISIONOS_TRACE_VIEWER_URL=jaeger/{trace_id}: not a URL'],
  ])('%o -> %s', (env, message) => {
    expect(() => fromEnv(env)).toThrow(ConfigError);
    expect(() => fromEnv(env)).toThrow(message);
  });

  it('never names an internal key', () => {
    for (const env of [{ DECISIONOS_PORT: 'abc' }, { DECISIONOS_RETENTION_DAYS: '-1' }, { DECISIONOS_WORKER_THREAD: 'nope' }]) {
      expect(() => fromEnv(env)).toThrow(/^DECISIONOS_[A-Z_]+=/);
      expect(() => fromEnv(env)).not.toThrow(/port:|retentionDays|workerThread/);
    }
  });
});

describe('configFromEnv: backups', () => {
  it('takes no scheduled backups and keeps 7 unless told', () => {
    const c = fromEnv({});
    expect([c.backupKeep, c.backupEveryMs]).toEqual([7, undefined]);
  });
  it('reads DECISIONOS_BACKUP_EVERY as a duration in s, m, h or d', () => {
    expect(fromEnv({ DECISIONOS_BACKUP_EVERY: '6h', DECISIONOS_BACKUP_KEEP: '3' })).toMatchObject({ backupEveryMs: 6 * 3_600_000, backupKeep: 3 });
    expect(fromEnv({ DECISIONOS_BACKUP_EVERY: '90m' }).backupEveryMs).toBe(90 * 60_000);
    expect(fromEnv({ DECISIONOS_BACKUP_EVERY: '1d' }).backupEveryMs).toBe(86_400_000);
  });
});

describe('configFromEnv: strict booleans', () => {
  it.each([['true', true], ['1', true], ['false', false], ['0', false]])('%s is %s', (raw, value) => {
    expect(fromEnv({ DECISIONOS_WORKER_THREAD: raw }).workerThread).toBe(value);
  });

  it.each(['yes', 'no', 'TRUE', 'off', 'ture'])('%s is an error naming the variable', (raw) => {
    expect(() => fromEnv({ DECISIONOS_WORKER_THREAD: raw })).toThrow(`DECISIONOS_WORKER_THREAD=${raw}: not a boolean`);
    expect(() => fromEnv({ WORKER_THREAD: raw })).toThrow(`WORKER_THREAD=${raw}: not a boolean`);
  });
});

describe('configFromEnv: data dir', () => {
  const saved = process.env.XDG_DATA_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = saved;
  });

  it.runIf(process.platform === 'linux')("defaults to the platform's data dir (env-paths: $XDG_DATA_HOME/decisionos)", () => {
    process.env.XDG_DATA_HOME = path.join(os.tmpdir(), 'dos-xdg');
    expect(configFromEnv({}).dataDir).toBe(path.join(os.tmpdir(), 'dos-xdg', 'decisionos'));
    delete process.env.XDG_DATA_HOME;
    expect(configFromEnv({}).dataDir).toBe(path.join(os.homedir(), '.local', 'share', 'decisionos'));
  });

  it('DECISIONOS_DATA_DIR overrides it, and --data-dir overrides both', () => {
    expect(configFromEnv({ DECISIONOS_DATA_DIR: '/srv/dos' }).dataDir).toBe('/srv/dos');
    expect(configFromEnv({ DECISIONOS_DATA_DIR: '/srv/dos' }, { dataDir: '/opt/dos' }).dataDir).toBe('/opt/dos');
  });
});

describe('configFromEnv: production mode', () => {
  const base = { DECISIONOS_DATA_DIR: '/tmp/dos' };

  it('selects production mode with both DATABASE_URL and REDIS_URL, and the embedded store with neither', () => {
    const both = configFromEnv({ ...base, DATABASE_URL: 'postgres://dos@db:5432/dos', REDIS_URL: 'redis://cache:6379' });
    expect(backendMode(both)).toBe('production');
    expect(backendMode(configFromEnv(base))).toBe('embedded');
  });

  it('refuses half a production setup, naming the variable that is missing', () => {
    expect(() => configFromEnv({ ...base, DATABASE_URL: 'postgres://db/dos' })).toThrow(/REDIS_URL is not set: production mode needs both/);
    expect(() => configFromEnv({ ...base, REDIS_URL: 'redis://cache' })).toThrow(/DATABASE_URL is not set/);
  });

  it('refuses a URL of the wrong kind with the variable and the kind expected', () => {
    expect(() => configFromEnv({ ...base, DATABASE_URL: 'mysql://db/dos', REDIS_URL: 'redis://cache' })).toThrow(
      new ConfigError('DATABASE_URL=mysql://db/dos: not a Postgres URL (postgres: or postgresql:)'),
    );
    expect(() => configFromEnv({ ...base, DATABASE_URL: 'postgres://db/dos', REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL=cache:6379: not a Redis URL/);
  });
});
