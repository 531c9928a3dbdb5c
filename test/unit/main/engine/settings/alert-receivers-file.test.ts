import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../../../../src/main/engine/config';
import { alertReceiverConfigs } from '../../../../../src/main/engine/services/alerting/receiver-configs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-receivers-'));
let n = 0;
function file(content: unknown): string {
  const f = path.join(dir, `receivers-${(n += 1)}.json`);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}
const fromEnv = (env: NodeJS.ProcessEnv) => configFromEnv(env, { dataDir: path.join(dir, 'data') });
const slack = { name: 'chat', url: 'https://hooks.slack.example/T1/B2', format: 'slack' };

describe('DECISIONOS_ALERT_RECEIVERS', () => {
  it('reads receivers with their format and severities; format defaults to alertmanager and severities to all', () => {
    const c = fromEnv({ DECISIONOS_ALERT_RECEIVERS: file({ receivers: [{ ...slack, severities: ['critical'], max_per_minute: 2 }, { name: 'sink', url: 'http://127.0.0.1:9000/x' }] }) });
    expect(c.alertReceivers).toEqual([
      { name: 'chat', url: 'https://hooks.slack.example/T1/B2', format: 'slack', severities: ['critical'], max_per_minute: 2 },
      { name: 'sink', url: 'http://127.0.0.1:9000/x', format: 'alertmanager' },
    ]);
  });

  it.each([
    ['a format it does not know', { receivers: [{ ...slack, format: 'teams' }] }, /receivers\[0\] \("chat"\)\.format: /],
    ['a severity that does not exist', { receivers: [{ ...slack, severities: ['urgent'] }] }, /receivers\[0\] \("chat"\)\.severities\.0: /],
    ['an empty severities list', { receivers: [{ ...slack, severities: [] }] }, /receivers\[0\] \("chat"\)\.severities: list at least one severity/],
    ['a non-http URL', { receivers: [slack, { name: 'ftp', url: 'ftp://x/y' }] }, /receivers\[1\] \("ftp"\)\.url: not an http\(s\) URL/],
    ['a per-minute limit of 0', { receivers: [{ ...slack, max_per_minute: 0 }] }, /receivers\[0\] \("chat"\)\.max_per_minute: /],
    ['a missing url', { receivers: [{ name: 'nourl' }] }, /receivers\[0\] \("nourl"\)\.url: /],
    ['an unknown field (a typo)', { receivers: [{ ...slack, severity: ['critical'] }] }, /receivers\[0\] \("chat"\): .*severity/],
    ['a name with capitals', { receivers: [{ ...slack, name: 'Chat' }] }, /receivers\[0\] \("Chat"\)\.name: lower-case/],
    ['the name of the DECISIONOS_ALERT_WEBHOOK_URL receiver', { receivers: [{ ...slack, name: 'webhook' }] }, /\.name: "webhook" is the receiver of DECISIONOS_ALERT_WEBHOOK_URL/],
    ['the same name twice', { receivers: [slack, slack] }, /: receiver names must be unique/],
    ['no receivers', { receivers: [] }, /receivers: /],
    ['no receivers key', { hooks: [] }, /: /],
  ])('stops the start with a ConfigError naming the variable, the entry and the field for %s', (_what, content, message) => {
    const f = file(content);
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: f })).toThrow(ConfigError);
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: f })).toThrow(`DECISIONOS_ALERT_RECEIVERS=${f}: `);
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: f })).toThrow(message);
  });

  it('says so when the file is missing or not JSON', () => {
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: path.join(dir, 'absent.json') })).toThrow(/DECISIONOS_ALERT_RECEIVERS=.*absent\.json: cannot read .*ENOENT/);
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: file('{"receivers": [') })).toThrow(/cannot read .*JSON/);
  });

  it('refuses more than 20 receivers', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ ...slack, name: `r${i}` }));
    expect(() => fromEnv({ DECISIONOS_ALERT_RECEIVERS: file({ receivers: many }) })).toThrow(/receivers: /);
  });
});

describe('alertReceiverConfigs', () => {
  it('keeps DECISIONOS_ALERT_WEBHOOK_URL as the Alertmanager receiver "webhook" for every severity, with the historical breaker', () => {
    expect(alertReceiverConfigs({ alertWebhookUrl: 'http://h.example/a', alertReceivers: [] })).toEqual([
      { name: 'webhook', url: 'http://h.example/a', format: 'alertmanager', breaker: 'alert_webhook' },
    ]);
  });

  it('adds the file receivers after it, each with its own breaker', () => {
    const configs = alertReceiverConfigs({ alertWebhookUrl: 'http://h.example/a', alertReceivers: [{ ...slack, format: 'slack', severities: ['critical'], max_per_minute: 3 }] });
    expect(configs.map((c) => [c.name, c.format, c.breaker, c.severities, c.maxPerMinute])).toEqual([
      ['webhook', 'alertmanager', 'alert_webhook', undefined, undefined],
      ['chat', 'slack', 'alert_webhook.chat', ['critical'], 3],
    ]);
  });

  it('is empty when neither setting is given', () => {
    expect(alertReceiverConfigs({ alertReceivers: [] })).toEqual([]);
  });
});
