import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../../src/main/engine/config';
import { ConfigError } from '../../../../src/main/engine/config-error';
import { tempDataDir } from '../../../fixtures/engine';

const dir = tempDataDir('dos-config-');
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const good = { name: 'sanctions', url: 'https://sanctions.example/check', applies_to: ['payment_fraud_check'] };

describe('configFromEnv: DECISIONOS_INTEGRATIONS', () => {
  it('reads the integrations file with defaults filled in', () => {
    const config = configFromEnv({ DECISIONOS_INTEGRATIONS: file('ok.json', { integrations: [good] }) }, { dataDir: dir });
    expect(config.integrations).toEqual([expect.objectContaining({ name: 'sanctions', retries: 2, timeout_ms: 2000, on_unavailable: 'needs_review', breaker: expect.objectContaining({ failure_threshold: 5, open_cooldown_seconds: 30, half_open_probe_count: 1 }) })]);
  });

  it('has none without the variable', () => {
    expect(configFromEnv({}, { dataDir: dir }).integrations).toEqual([]);
  });

  it.each([
    ['a missing file', path.join(dir, 'missing.json'), /cannot read .*missing\.json/],
    ['a file that is not JSON', file('bad.json', '{'), /cannot read .*bad\.json/],
    ['a non-http url', file('ftp.json', { integrations: [{ ...good, url: 'ftp://x.example/' }] }), /integrations\.0\.url/],
    ['an unknown field', file('extra.json', { integrations: [{ ...good, retry: 3 }] }), /integrations\.0/],
    ['two integrations with one name', file('dup.json', { integrations: [good, good] }), /unique/],
    ['a zero threshold', file('zero.json', { integrations: [{ ...good, breaker: { failure_threshold: 0 } }] }), /failure_threshold/],
  ])('refuses %s with a ConfigError naming the problem', (_what, p, message) => {
    expect(() => configFromEnv({ DECISIONOS_INTEGRATIONS: p }, { dataDir: dir })).toThrow(ConfigError);
    expect(() => configFromEnv({ DECISIONOS_INTEGRATIONS: p }, { dataDir: dir })).toThrow(message);
  });
});

describe('configFromEnv: outbound limits', () => {
  it('caps answers at 64 KiB and signals at 16 KiB by default', () => {
    const config = configFromEnv({}, { dataDir: dir });
    expect(config.outboundMaxResponseBytes).toBe(64 * 1024);
    expect(config.maxSignalsBytes).toBe(16 * 1024);
  });

  it('reads DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES and DECISIONOS_MAX_SIGNALS_BYTES, and refuses a value that is not a size', () => {
    const config = configFromEnv({ DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES: '1048576', DECISIONOS_MAX_SIGNALS_BYTES: '4096' }, { dataDir: dir });
    expect(config).toMatchObject({ outboundMaxResponseBytes: 1_048_576, maxSignalsBytes: 4_096 });
    expect(() => configFromEnv({ DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES: 'lots' }, { dataDir: dir })).toThrow(ConfigError);
    expect(() => configFromEnv({ DECISIONOS_MAX_SIGNALS_BYTES: '10' }, { dataDir: dir })).toThrow(ConfigError);
  });

  it('takes an integration\'s own max_response_bytes from the integrations file', () => {
    const config = configFromEnv({ DECISIONOS_INTEGRATIONS: file('cap.json', { integrations: [{ ...good, max_response_bytes: 2048 }] }) }, { dataDir: dir });
    expect(config.integrations[0]?.max_response_bytes).toBe(2048);
    expect(() => configFromEnv({ DECISIONOS_INTEGRATIONS: file('cap0.json', { integrations: [{ ...good, max_response_bytes: 0 }] }) }, { dataDir: dir })).toThrow(/max_response_bytes/);
  });
});

describe('live stream settings', () => {
  it('caps streams per key at 20 by default, DECISIONOS_MAX_STREAMS_PER_KEY to change it', () => {
    expect(configFromEnv({}, { dataDir: dir }).maxStreamsPerKey).toBe(20);
    expect(configFromEnv({ DECISIONOS_MAX_STREAMS_PER_KEY: '3' }, { dataDir: dir }).maxStreamsPerKey).toBe(3);
    expect(() => configFromEnv({ DECISIONOS_MAX_STREAMS_PER_KEY: '0' }, { dataDir: dir })).toThrow();
  });
});
