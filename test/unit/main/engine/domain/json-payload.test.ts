import { describe, expect, it } from 'vitest';
import { jsonPayload } from '../../../../../src/main/engine/domain/json-payload';
import { MAX_SUMMARY_CHARS } from '../../../../../src/main/engine/domain/notification-text';
import { alertView } from './notification-formats.fixture';

describe('jsonPayload', () => {
  it('is a plain object: the group status and each alert with labels, annotations, starts and ends', () => {
    const body = jsonPayload([alertView(), alertView({ fingerprint: 'fp-2', status: 'resolved', ends_at: '2026-12-02T10:05:00.000Z' })], { receiver: 'ops' });
    expect(body).toEqual({
      receiver: 'ops',
      status: 'firing',
      alerts: [
        {
          status: 'firing', severity: 'critical', rule: 'queue-depth', labels: { alertname: 'queue-depth', severity: 'critical', metric: 'queue_depth' },
          annotations: { summary: 'Queue depth is over 1000', description: 'queue_depth > 1000 (value 1200)' },
          starts_at: '2026-12-02T10:00:00.000Z', ends_at: null, fingerprint: 'fp-1',
        },
        expect.objectContaining({ status: 'resolved', ends_at: '2026-12-02T10:05:00.000Z', fingerprint: 'fp-2' }),
      ],
    });
  });

  it('is resolved when every alert of the group is', () => {
    expect(jsonPayload([alertView({ status: 'resolved' })], { receiver: 'ops' }).status).toBe('resolved');
  });

  it('carries a hostile summary as one cut line that survives JSON encoding unchanged', () => {
    const body = jsonPayload([alertView({ message: `"quoted"\n\u0000\u001f${'y'.repeat(10_000)}` })], { receiver: 'ops' });
    const summary = body.alerts[0]?.annotations.summary ?? '';
    expect(summary).toHaveLength(MAX_SUMMARY_CHARS);
    expect(summary.startsWith('"quoted" y')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(summary).not.toMatch(/[\u0000-\u001f]/);
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });
});
