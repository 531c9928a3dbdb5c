import { describe, expect, it } from 'vitest';
import type { Attention } from '../../../../../src/shared/schemas/attention';
import { attentionItems } from '../../../../../src/renderer/src/components/attention-items';
import { formatDuration } from '../../../../../src/renderer/src/components/format';

const quiet: Attention = {
  at: '2025-03-01T10:00:00.000Z',
  review: { count: 0, oldest_at: null },
  blocked_tasks: 0,
  dead_letters: 0,
  queue_paused: false,
  breakers: [],
  alerts: { firing: [], silenced: [], pending: [] },
  notifications_muted: null,
  intake_paused: null,
  agent_actions_disabled: null,
  affiliate_throttles: [],
};

const firing = {
  fingerprint: 'f1', rule_id: 'breaker-open', status: 'firing' as const, severity: 'critical' as const, message: 'A breaker is open',
  metric: 'breakers_open', value: 1, threshold: 0, operator: '>', labels: {}, starts_at: '2025-03-01T09:50:00.000Z', ends_at: null,
  acknowledged: null, silenced_by: 'sil-1',
};

describe('attention items', () => {
  it('are none exactly when every count is zero', () => {
    expect(attentionItems(quiet)).toEqual([]);
  });

  it("name the switches operators left on: a paused intake first, agent actions off and each affiliate throttle, with who, since when and why", () => {
    const items = attentionItems({
      ...quiet,
      queue_paused: true,
      intake_paused: { by: 'ana', reason: 'vendor outage', since: '2025-03-01T09:30:00.000Z' },
      agent_actions_disabled: { by: 'bo', reason: 'agent loop', since: '2025-03-01T09:40:00.000Z' },
      affiliate_throttles: [{ affiliate_id: 'aff-7', per_minute: 5, until: null, by: 'cy', reason: 'overclaims', since: '2025-03-01T09:45:00.000Z' }],
    });
    expect(items.map((i) => [i.id, i.to, i.level])).toEqual([
      ['intake-paused', '/runbook', 'danger'],
      ['queue-paused', '/decisions?status=queued', 'danger'],
      ['agent-actions-off', '/runbook', 'warn'],
      ['throttle-aff-7', '/entities/aff-7', 'warn'],
    ]);
    expect(items[0]?.text).toMatch(/^Intake is paused by ana since .+ \(vendor outage\): every submission is refused with 503/);
    expect(items[3]?.text).toBe('Affiliate aff-7 is throttled to 5 submissions a minute until lifted, by cy (overclaims).');
  });

    it('name the review backlog with its oldest age and link to the review queue', () => {
    const items = attentionItems({ ...quiet, review: { count: 106, oldest_at: '2025-03-01T07:55:00.000Z' } });
    expect(items).toEqual([{ id: 'review', text: '106 decisions wait for review, the oldest for 2 h 5 min.', to: '/review', level: 'warn' }]);
  });

  it('name a forced breaker with who forced it, blocked tasks, dead letters and a paused queue, each linked to its screen', () => {
    const items = attentionItems({
      ...quiet, blocked_tasks: 1, dead_letters: 2, queue_paused: true,
      breakers: [{ integration: 'sanctions', state: 'OPEN', forced: 'open', forced_by: 'ana', since: null, cause: null }],
    });
    expect(items.map((i) => [i.id, i.to, i.level])).toEqual([
      ['queue-paused', '/decisions?status=queued', 'danger'],
      ['breaker-sanctions', '/breakers', 'danger'],
      ['dead-letters', '/dead-letters', 'danger'],
      ['blocked', '/blocked', 'warn'],
    ]);
    expect(items[1]?.text).toBe('Breaker sanctions is OPEN (forced open by ana): its lookups are not made.');
    expect(items[3]?.text).toBe('1 task is blocked.');
  });

  it('keep a silenced alert, saying until when and by whom, and a pending one with its remaining time', () => {
    const items = attentionItems({
      ...quiet,
      alerts: {
        firing: [],
        silenced: [{ ...firing, silence: { id: 'sil-1', ends_at: '2025-03-01T10:30:00.000Z', created_by: 'ana', comment: 'maintenance' } }],
        pending: [{ rule_id: 'lag', severity: 'high', message: 'Lag is high', since: '2025-03-01T09:58:00.000Z', waiting_for: 'duration', remaining_ms: 180_000 }],
      },
    });
    expect(items.map((i) => i.text)).toEqual([
      'Alert lag (high) pending (fires in 3 min if it still holds): Lag is high',
      'Alert breaker-open firing — silenced until 10:30:00 by ana: A breaker is open',
    ]);
  });
});

describe('formatDuration', () => {
  it('says an age the way people do', () => {
    expect([45_000, 12 * 60_000, 3 * 3_600_000, 50 * 3_600_000].map(formatDuration)).toEqual(['45 s', '12 min', '3 h', '2 d 2 h']);
  });
});
