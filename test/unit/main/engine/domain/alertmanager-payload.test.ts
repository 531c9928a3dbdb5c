import { describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../../../../../src/main/engine/domain/alertmanager-payload';
import { MAX_SUMMARY_CHARS } from '../../../../../src/main/engine/domain/notification-text';
import { alertView } from './notification-formats.fixture';

describe('alertmanagerPayload', () => {
  it('is the Alertmanager webhook version 4 with the receiver name and a generatorURL into the UI', () => {
    const body = alertmanagerPayload([alertView()], { receiver: 'webhook', externalUrl: 'http://127.0.0.1:8080' });
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'webhook', externalURL: 'http://127.0.0.1:8080' });
    expect(body.alerts[0]).toMatchObject({ endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://127.0.0.1:8080/alerts?rule=queue-depth' });
  });

  it('cuts a very long summary with control characters to one line within the limit', () => {
    const body = alertmanagerPayload([alertView({ message: `a\r\nb${'z'.repeat(50_000)}` })], { receiver: 'webhook', externalUrl: '' });
    const summary = body.alerts[0]?.annotations.summary ?? '';
    expect(summary).toHaveLength(MAX_SUMMARY_CHARS);
    expect(summary.startsWith('a b')).toBe(true);
  });
});
