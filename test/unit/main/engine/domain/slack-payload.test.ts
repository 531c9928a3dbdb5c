import { describe, expect, it } from 'vitest';
import { MAX_SLACK_LINES, slackEscape, slackPayload } from '../../../../../src/main/engine/domain/slack-payload';
import { MAX_SUMMARY_CHARS } from '../../../../../src/main/engine/domain/notification-text';
import { alertView } from './notification-formats.fixture';

const UI = 'http://127.0.0.1:8080';

describe('slackPayload', () => {
  it('is only {"text"}: one line per alert with status, severity, rule, summary and a link to the rule in the UI', () => {
    const body = slackPayload([alertView(), alertView({ fingerprint: 'fp-2', rule_id: 'lag', status: 'resolved', severity: 'warning', message: 'Decision lag is back' })], { externalUrl: UI });
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text.split('\n')).toEqual([
      `[FIRING] critical queue-depth: Queue depth is over 1000 <${UI}/alerts?rule=queue-depth|open>`,
      `[RESOLVED] warning lag: Decision lag is back <${UI}/alerts?rule=lag|open>`,
    ]);
  });

  it("names the rule's own labels after the rule (not the built-in ones), escaped", () => {
    const labels = { alertname: 'queue-depth', severity: 'critical', metric: 'queue_depth', team: 'payments', service: '<api>' };
    expect(slackPayload([alertView({ labels })], { externalUrl: null }).text).toBe('[FIRING] critical queue-depth (team=payments, service=&lt;api&gt;): Queue depth is over 1000');
  });

    it('leaves the link out when the engine URL is not known', () => {
    expect(slackPayload([alertView()], { externalUrl: null }).text).toBe('[FIRING] critical queue-depth: Queue depth is over 1000');
  });

  it("escapes Slack's control characters <, > and & so a summary cannot make links or mentions", () => {
    const text = slackPayload([alertView({ message: '<!channel> a & b <https://evil.example|click>' })], { externalUrl: null }).text;
    expect(text).toBe('[FIRING] critical queue-depth: &lt;!channel&gt; a &amp; b &lt;https://evil.example|click&gt;');
    expect(text).not.toMatch(/<|>/);
  });

  it('escapes & in the link too and encodes the rule id in it', () => {
    const text = slackPayload([alertView({ rule_id: 'a|b' })], { externalUrl: 'https://ops.example/?x=1&y=2' }).text;
    expect(text).toContain('<https://ops.example/?x=1&amp;y=2/alerts?rule=a%7Cb|open>');
  });

  it('turns control characters and line breaks of a summary into spaces: one alert stays one line', () => {
    const text = slackPayload([alertView({ message: 'first\nsecond\r\n\u0000third\u2028fourth\u001b[31m' })], { externalUrl: null }).text;
    expect(text).toBe('[FIRING] critical queue-depth: first second third fourth [31m');
    expect(text.split('\n')).toHaveLength(1);
  });

  it('cuts a very long summary to the limit, ending in an ellipsis', () => {
    const text = slackPayload([alertView({ message: 'x'.repeat(100_000) })], { externalUrl: null }).text;
    const summary = text.slice('[FIRING] critical queue-depth: '.length);
    expect(summary).toHaveLength(MAX_SUMMARY_CHARS);
    expect(summary.endsWith('…')).toBe(true);
  });

  it(`lists at most ${MAX_SLACK_LINES} alerts and counts the rest`, () => {
    const alerts = Array.from({ length: MAX_SLACK_LINES + 7 }, (_, i) => alertView({ fingerprint: `fp-${i}`, rule_id: `r-${i}` }));
    const lines = slackPayload(alerts, { externalUrl: null }).text.split('\n');
    expect(lines).toHaveLength(MAX_SLACK_LINES + 1);
    expect(lines.at(-1)).toBe('… and 7 more alert(s)');
  });

  it('slackEscape escapes & first, so nothing is escaped twice', () => {
    expect(slackEscape('&lt; <')).toBe('&amp;lt; &lt;');
  });
});
